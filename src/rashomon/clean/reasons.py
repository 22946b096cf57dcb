"""Reason codes for lines dropped from scraped text (documented in `rashomon.clean.text`)."""

from __future__ import annotations

TITLE = "title"
REPEATED_TITLE = "repeated-title"
HEADER = "header"
NAVIGATION = "navigation"
TAGLINE = "tagline"
SITE_SIGNATURE = "site-signature"
UI_STRING = "ui-string"
COMMENT_WIDGET = "comment-widget"
COOKIE_NOTICE = "cookie-notice"
ADVERTISEMENT = "advertisement"
CAPTION = "caption"
PHOTO_CREDIT = "photo-credit"
BYLINE = "byline"
DATE_LINE = "date-line"
FOREIGN_SCRIPT = "foreign-script"
RELATED_HEADLINE = "related-headline"
FOOTER = "footer"

REASONS = frozenset(
    {
        TITLE, REPEATED_TITLE, HEADER, NAVIGATION, TAGLINE, SITE_SIGNATURE, UI_STRING, COMMENT_WIDGET,
        COOKIE_NOTICE, ADVERTISEMENT, CAPTION, PHOTO_CREDIT, BYLINE, DATE_LINE, FOREIGN_SCRIPT,
        RELATED_HEADLINE, FOOTER,
    }
)  # fmt: skip

# Lines about a picture, not the story: they date the photo, so they only bound the article date from below.
CAPTION_REASONS = frozenset({CAPTION, PHOTO_CREDIT})
