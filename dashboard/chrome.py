"""Streamlit's own words in the UI's language: the file uploader's button and limit line, and
the skip link a keyboard user meets first. Streamlit writes them in English whatever the page's
language; the uploader's are replaced by CSS (the English text is hidden, the label drawn after
it), the skip link's text by a one-line script."""

from __future__ import annotations

import json

import streamlit as st

from dashboard.i18n import t


def uploader_words(lang: str, max_mb: int, suffixes: list[str]) -> None:
    """The uploader's button and limit line in ``lang`` (call on a page with a file uploader)."""
    button = json.dumps(t("upload_button", lang), ensure_ascii=False)  # a quoted CSS string (our own text, no data)
    limit = json.dumps(t("upload_limit", lang, mb=max_mb, types="、".join(s.upper() for s in suffixes)), ensure_ascii=False)
    st.markdown(
        f"""<style>
        [data-testid=stFileUploaderDropzone] button [data-testid=stMarkdownContainer] p {{ display: none; }}
        [data-testid=stFileUploaderDropzone] button [data-testid=stMarkdownContainer]::after {{ content: {button}; }}
        [data-testid=stFileUploaderDropzoneInstructions] div > span {{ display: none; }}
        [data-testid=stFileUploaderDropzoneInstructions] div::after {{ content: {limit}; font-size: 0.85rem; opacity: 0.8; }}
        </style>""",
        unsafe_allow_html=True,
    )


def skip_link(lang: str) -> None:
    """The keyboard user's "skip to main content" link in ``lang``."""
    text = json.dumps(t("skip_to_content", lang))
    st.html(
        f"<script>var a = document.querySelector('[data-testid=stSkipToContent]'); if (a) {{ a.textContent = {text}; }}</script>",
        unsafe_allow_javascript=True,
    )
