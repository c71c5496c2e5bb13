"""Real-browser tests: the Streamlit app driven by Playwright in Debian's headless Chromium."""
