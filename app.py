"""poolviz: the Streamlit entry. `streamlit run app.py`."""

from poolviz.app.main import run

run()
