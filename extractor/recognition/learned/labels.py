"""What the learned recogniser labels: spans of a segment, and the segment itself."""
LABELS = ("LEAD", "SUPPORT", "DEADLINE", "TARGET")     # spans
SEGMENT_LABELS = ("OTHER", "TASK")                      # is the segment a task
