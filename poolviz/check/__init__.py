"""`poolviz check` and `poolviz grade`: run a student's pool_forward / pool_backward on poolviz's cases.

The student's file runs in its own bounded process (`sandbox`); its answers are compared with poolviz's
(`cases`), and every failure is said in words (`verdicts`, `mistakes`, `problems`) with a link that
opens the walkthrough on that case at that window (`links`). NumPy only: no Streamlit, no Plotly.
This runs on the machine of whoever runs the command; the web page never runs code a user supplies.
"""

from poolviz.check.cases import CASES, Case
from poolviz.check.judge import check_file
from poolviz.check.report import CaseResult, Problem, Report
from poolviz.check.sandbox import Limits

__all__ = ["CASES", "Case", "CaseResult", "Limits", "Problem", "Report", "check_file"]
