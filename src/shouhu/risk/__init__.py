"""Risk grading (A–D) explained point by point, and yearly inspection planning with 双随机 (issue 24)."""
