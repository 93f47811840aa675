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


# English words of the date picker's calendar and the Chinese a reader expects there.
CALENDAR_ZH = {
    **{
        m: f"{i}月"
        for i, m in enumerate(
            ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
            start=1,
        )
    },
    **dict(zip(["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"], "日一二三四五六", strict=True)),
}


def calendar_words(lang: str) -> None:
    """The date picker's calendar in Chinese: Streamlit has no locale for ``st.date_input`` (its
    calendar names months and weekdays in English whatever the page's language; upstream
    streamlit/streamlit#12699), so a script rewrites those words whenever the calendar or its
    month list is drawn (the observer is installed once per window; the words follow the
    language of the latest page run). Only whole words that are an English month or weekday name are
    replaced, and only inside the calendar's popover: nothing else on a page is touched."""
    words = json.dumps(CALENDAR_ZH if lang == "zh" else {}, ensure_ascii=False)  # English: left as drawn
    st.html(
        "<script>(function () {"
        f"window.__gpCalendarWords = {words};"
        "function fix(root) {"
        "  var W = window.__gpCalendarWords, walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), n, t;"
        "  while ((n = walk.nextNode())) {"
        "    t = n.nodeValue.trim();"
        "    if (W[t]) { n.nodeValue = W[t]; }"
        "    else { var m = t.match(/^([A-Z][a-z]+) (\\d{4})$/); if (m && W[m[1]]) { n.nodeValue = m[2] + '年' + W[m[1]]; } }"
        "  }"
        "}"
        "function scan() { document.querySelectorAll('[data-baseweb=calendar], [data-baseweb=popover] [role=listbox]').forEach(fix); }"
        "if (!window.__gpCalendar) {"
        "  window.__gpCalendar = new MutationObserver(scan);"
        "  window.__gpCalendar.observe(document.body, {childList: true, subtree: true, characterData: true});"
        "}"
        "scan();"
        "})();</script>",
        unsafe_allow_javascript=True,
    )
