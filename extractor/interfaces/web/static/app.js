// The little JavaScript the office app needs: drag-and-drop upload with progress, the
// state of each received file until it is read, agency suggestions, and scrolling from a
// task to its place in the text. Every page works without it (plain forms and links).
"use strict";

const csrf = () => document.querySelector('meta[name="csrf-token"]').content;
const STATE_LABEL = {queued: "chờ đọc", reading: "đang đọc", done: "xong", failed: "lỗi"};

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const child of children) node.append(child);   // text is added as text, never as HTML
  return node;
}

// ── Nhận văn bản ────────────────────────────────────────────────────────────────────
function setUpDropzone() {
  const form = document.getElementById("upload");
  if (!form) return;
  const input = document.getElementById("files");
  ["dragenter", "dragover"].forEach(type => form.addEventListener(type, event => {
    event.preventDefault(); form.classList.add("over");
  }));
  ["dragleave", "drop"].forEach(type => form.addEventListener(type, () => form.classList.remove("over")));
  form.addEventListener("drop", event => { event.preventDefault(); send(event.dataTransfer.files); });
  input.addEventListener("change", () => { send(input.files); input.value = ""; });
  document.querySelectorAll("#jobs tr[data-job]").forEach(row => {
    if (row.dataset.state === "queued" || row.dataset.state === "reading") watch(row.dataset.job, row);
  });
}

function jobRow(name) {
  const tbody = document.querySelector("#jobs tbody");
  tbody.querySelector("tr.empty")?.remove();
  const bar = el("progress", {max: "100", value: "0"});
  const row = el("tr", {"data-state": "sending"},
    el("td", {}, name), el("td", {class: "state"}, bar), el("td", {class: "result"}),
    el("td", {}, ""), el("td", {}, ""));
  tbody.prepend(row);
  return row;
}

function send(files) {
  for (const file of files) {
    const row = jobRow(file.name);
    const data = new FormData();
    data.append("files", file);
    const request = new XMLHttpRequest();
    request.open("POST", "/nhan");
    request.setRequestHeader("X-CSRF-Token", csrf());
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", event => {
      if (event.lengthComputable) row.querySelector("progress").value = 100 * event.loaded / event.total;
    });
    request.addEventListener("load", () => {
      let body = {};
      try { body = JSON.parse(request.responseText); } catch (e) { body = {error: request.statusText}; }
      if (request.status !== 202) { showState(row, {state: "failed", error: `${file.name}: ${body.error || request.status}`}); return; }
      const job = body.jobs[0];
      row.dataset.job = job.id;
      showState(row, job);
      watch(job.id, row);
    });
    request.addEventListener("error", () => showState(row, {state: "failed", error: `${file.name}: không gửi được (mất kết nối)`}));
    request.send(data);
  }
}

function showState(row, job) {
  row.dataset.state = job.state;
  const state = row.querySelector(".state");
  state.replaceChildren(el("span", {class: `badge job-${job.state}`}, STATE_LABEL[job.state] || job.state));
  const result = row.querySelector(".result");
  const cells = row.querySelectorAll("td");
  if (job.who) cells[3].textContent = job.who;
  if (job.created_at) cells[4].textContent = job.created_at.slice(0, 16).replace("T", " ");
  if (job.state === "failed") result.replaceChildren(el("span", {class: "error"}, job.error || ""));
  if (job.state === "done" && job.notice) result.replaceChildren(noticeSummary(job));
}

function noticeSummary(job) {
  const d = job.notice.document;
  const link = el("a", {href: `/van-ban/${d.id}`}, `${d.kind || "Văn bản"} ${d.number || ""} · ${job.notice.tasks.length} nhiệm vụ`);
  const box = el("div", {class: "summary"}, link);
  if (job.outcome === "copy") box.append(el("span", {class: "note"}, " (bản khác của văn bản đã có)"));
  if (job.outcome === "same file") box.append(el("span", {class: "note"}, " (tệp này đã nhận trước đây)"));
  if (d.subject) box.append(el("div", {class: "note"}, d.subject));
  const list = el("ol", {class: "mini-tasks"});
  for (const t of job.notice.tasks.slice(0, 8)) {
    const lead = t.lead.map(b => b.canonical).join("; ");
    list.append(el("li", {}, `${lead ? lead + ": " : ""}${t.text.slice(0, 120)}${t.deadline ? " [" + (t.deadline.date || t.deadline.text) + "]" : ""}`));
  }
  if (job.notice.tasks.length) box.append(list);
  return box;
}

function watch(id, row) {
  fetch(`/api/viec/${id}`, {headers: {Accept: "application/json"}})
    .then(response => response.json())
    .then(body => {
      const job = body.job || {state: "failed", error: body.error};
      showState(row, job);
      if (job.state === "queued" || job.state === "reading") setTimeout(() => watch(id, row), 800);
    })
    .catch(() => setTimeout(() => watch(id, row), 2000));
}

// ── agency suggestions ───────────────────────────────────────────────────────────────
function setUpAgencySuggestions() {
  const input = document.getElementById("agency");
  const list = document.getElementById("agency-list");
  if (!input || !list) return;
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      fetch(`/api/co-quan?q=${encodeURIComponent(input.value)}`, {headers: {Accept: "application/json"}})
        .then(response => response.json())
        .then(body => list.replaceChildren(...body.agencies.map(a => el("option", {value: a.name}, `${a.tasks} nhiệm vụ`))));
    }, 150);
  });
}

// ── from a task to its place in the text ──────────────────────────────────────────────
function setUpSourceLinks() {
  document.querySelectorAll("a.to-source").forEach(link => link.addEventListener("click", event => {
    const target = document.getElementById(`b-${link.dataset.block}`);
    if (!target) return;
    event.preventDefault();
    document.querySelectorAll(".source .current").forEach(p => p.classList.remove("current"));
    target.classList.add("current");
    target.scrollIntoView({behavior: "smooth", block: "center"});
  }));
}

document.addEventListener("DOMContentLoaded", () => {
  setUpDropzone();
  setUpAgencySuggestions();
  setUpSourceLinks();
});
