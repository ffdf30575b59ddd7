"""Words shown for the contract's codes: statement modes, kinds of actor and place, languages, statuses."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ModeLabel:
    badge: str  # "Partial quote"
    facts: str  # the "Reported as" line of a statement's page
    note: str  # the sentence under a statement on its page


MODES = {
    "verbatim": ModeLabel("Verbatim", "the exact words (verbatim)",
                          "The source reports these as the speaker’s exact words."),
    "partial": ModeLabel("Partial quote", "paraphrase with quoted fragments",
                         "The source paraphrases the speaker; only the words inside quotation marks are the "
                         "speaker’s own."),
    "paraphrase": ModeLabel("Paraphrase", "paraphrase (not the exact words)",
                            "A paraphrase by the source: not the speaker’s exact words."),
    "summary": ModeLabel("Summary", "summary (not the exact words)",
                         "A summary by the source of what was said: not the speaker’s exact words."),
}

# Headings of the groups on the actors and places pages, in the order they are shown.
ACTOR_KINDS = {
    "person": "People", "state": "States", "government": "Governments", "organization": "Organizations",
    "armed-group": "Armed groups", "media": "Media", "population": "Populations",
}
PLACE_KINDS = {
    "country": "Countries", "region": "Regions", "province": "Provinces", "district": "Districts",
    "city": "Cities", "town": "Towns", "border-area": "Border areas", "site": "Sites",
}

# What cites a source, as the sources page counts it: (singular, plural).
CITER_NOUNS = {
    "key-points": ("key point", "key points"), "events": ("event", "events"), "actors": ("actor", "actors"),
    "statements": ("statement", "statements"), "places": ("place", "places"),
}

LANGUAGES = {
    "en": "English", "fa": "Persian", "prs": "Dari", "ur": "Urdu", "ar": "Arabic", "ps": "Pashto",
    "bal": "Balochi", "tr": "Turkish", "ku": "Kurdish", "ckb": "Central Kurdish", "kmr": "Northern Kurdish",
    "he": "Hebrew", "ru": "Russian", "uk": "Ukrainian", "fr": "French", "de": "German", "es": "Spanish",
    "zh": "Chinese", "hi": "Hindi", "pa": "Punjabi", "sd": "Sindhi", "az": "Azerbaijani", "hy": "Armenian",
    "ka": "Georgian", "am": "Amharic", "so": "Somali", "sw": "Swahili", "pt": "Portuguese", "it": "Italian",
}


def kind_heading(kind: str, headings: dict[str, str]) -> str:
    """The group heading of a kind; a kind the contract gained later still gets a readable one."""
    return headings.get(kind) or kind.replace("-", " ").capitalize() + "s"


def language_of(code: str | None) -> str:
    """'fa' -> 'Persian', 'ur-PK' -> 'Urdu'; an unknown tag is shown as written."""
    if not code:
        return ""
    return LANGUAGES.get(code) or LANGUAGES.get(code.split("-")[0]) or code


def kind_label(kind: str | None) -> str:
    """'armed-group' -> 'armed group'."""
    return (kind or "").replace("-", " ")
