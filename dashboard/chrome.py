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
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
CALENDAR_ZH = {
    "months": {m: f"{i}月" for i, m in enumerate(MONTHS, start=1)},
    "days": dict(zip(DAYS, "日一二三四五六", strict=True)),
}

# Installed once per window; reads the words of the latest page run (none in English).
_CALENDAR_SCRIPT = """
function gpFixCalendar() {
  var W = window.__gpCalendarWords;
  if (!W || !W.months) { return; }
  function months(root) {
    var walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), n, t;
    while ((n = walk.nextNode())) { t = n.nodeValue.trim(); if (W.months[t]) { n.nodeValue = W.months[t]; } }
  }
  document.querySelectorAll('[data-testid=stDateInputCalendar]').forEach(months);
  document.querySelectorAll('[role=listbox]').forEach(function (box) {  // the month list, and nothing else
    var items = [].slice.call(box.querySelectorAll('[role=option]')).map(function (o) { return o.textContent.trim(); });
    if (items.length === 12 && items.every(function (t) { return W.months[t]; })) { months(box); }
  });
  document.querySelectorAll('[data-testid=stDateInputCalendar] table').forEach(function (table) {
    // the weekday letters (S M T W T F S) named from the first week's days, whatever day starts it
    var heads = table.querySelectorAll('thead th'), rows = table.querySelectorAll('tbody tr');
    for (var i = 0; i < heads.length; i++) {
      for (var r = 0; r < rows.length; r++) {
        var cell = rows[r].children[i], named = cell && cell.querySelector('[aria-label]');
        var day = named && W.days[named.getAttribute('aria-label').split(',')[0]];
        if (day) { if (heads[i].textContent !== day) { heads[i].textContent = day; } break; }
      }
    }
  });
}
if (!window.__gpCalendar) {
  window.__gpCalendar = new MutationObserver(gpFixCalendar);
  window.__gpCalendar.observe(document.body, {childList: true, subtree: true, characterData: true});
}
gpFixCalendar();
"""


def calendar_words(lang: str) -> None:
    """The date picker's calendar in Chinese: Streamlit has no locale for ``st.date_input`` (its
    calendar names months and weekdays in English whatever the page's language; upstream
    streamlit/streamlit#12699), so a script rewrites those words whenever the calendar or its
    month list is drawn: the month button and list (October → 10月) and the weekday letters
    (S M T … → 日 一 二 …). Only whole month names inside the calendar, a list made of the
    twelve month names, and the calendar's weekday row are touched."""
    words = json.dumps(CALENDAR_ZH if lang == "zh" else {}, ensure_ascii=False)  # English: left as drawn
    st.html(f"<script>window.__gpCalendarWords = {words};{_CALENDAR_SCRIPT}</script>", unsafe_allow_javascript=True)
