"""Input formats for zh-hans, ahead of Django's own (which supplies everything not set here).

An `<input type="date">` only takes ISO dates (2026-11-23). Django's Chinese locale puts
"2026/11/23" first, so every date field would render a value the browser drops and show empty.
ISO first fixes every date input at once; the Chinese forms are still accepted when typed.
"""

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2016-09-05'
    "%Y/%m/%d",  # '2016/09/05'
    "%Y年%m月%d日",  # '2016年9月5日'
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",  # '2016-09-05T20:45', what <input type="datetime-local"> sends
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
]
