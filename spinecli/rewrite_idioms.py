"""Multi-word rewrites of red-flag words said as an idiom or of someone or something else, so
that a finding phrase reads only what it means: a person "burning up" is feverish, burning up
with embarrassment is not; a person who "went flying" took a tumble, a cup that went flying did
not; working in a hospice is no cancer under its care. Part of `rewrites.PHRASES`.
"""

from __future__ import annotations

# Who may be "burning up" with a fever (a pain "burning up my leg" is not).
_FEVERISH = (
    *("i'm", "i am", "i've been", "i have been", "i was", "i felt like i was"),
    *("she's", "she is", "she's been", "she has been", "she was"),
    *("he's", "he is", "he's been", "he has been", "he was"),
)

RED_FLAG_IDIOMS: dict[str, str] = {
    # A simile of tearing is the tearing sensation; a bare "torn" or "ripped" is not ("torn
    # hamstring", "ripped my jeans"), and "like" and "being" are stopwords.
    "like being torn": "tearing sensation",
    "like being ripped": "ripping sensation",
    "like it's being torn": "tearing sensation",
    "like its being torn": "tearing sensation",
    "like it's being ripped": "ripping sensation",
    # Going hot and cold is a fever; hot and cold packs are not, so only the verbs of a person.
    **{
        f"{verb} hot and cold": f"{verb} feverish"
        for verb in ("feel", "feeling", "felt", "going", "gone", "went", "goes", "run", "running")
    },
    # A person "burning up" is feverish; a pain "burning up my leg" is not, so only a person.
    **{f"{who} burning up": f"{who} feverish" for who in _FEVERISH},
    # ... but burning up with a feeling is no fever ("I'm burning up with embarrassment").
    **{
        f"{who}burning up with {feeling}": "idiom"
        for who in ("", *(f"{w} " for w in _FEVERISH))
        for feeling in (
            *("embarrassment", "shame", "anger", "rage", "fury", "jealousy", "envy"),
            *("frustration", "curiosity", "excitement", "love", "guilt", "nerves"),
        )
    },
    # The ground or a rug going "from under my feet" is a slip, not legs that give way
    **{
        f"{verb} {out}from under {whose} feet": "idiom"
        for verb in ("going", "go", "goes", "gone", "went", "slid", "slipped")
        for out in ("", "out ")
        for whose in ("my", "his", "her")
    },
    # A person going flying is a tumble; a cup or papers "went flying" are not.
    **{
        f"{who} went flying": f"{who} took a tumble"
        for who in ("i", "she", "he", "we", "and", "nearly", "almost")
    },
    **{f"sent {who} flying": "a tumble" for who in ("me", "her", "him", "us")},
    **{
        f"went flying {w}": f"took a tumble {w}"
        for w in ("over", "down", "on", "backwards", "forwards")
    },
    # "bumped down the list" is no fall; a bump down the stairs is
    **{f"bumped down {w}": "idiom" for w in ("the list", "the waiting list", "the queue")},
    "jumped down my throat": "idiom",
    "jumped down his throat": "idiom",
    "jumped down her throat": "idiom",
    # Working in a cancer service is no cancer under its care ("I'm a hospice nurse").
    **{
        f"{verb} {at}{place}": "workplace"
        for verb in ("work", "works", "worked", "working", "volunteer", "volunteers")
        for at in (
            "in ",
            "at ",
            "for ",
            "in a ",
            "at a ",
            "for a ",
            "in the ",
            "at the ",
            "for the ",
        )
        for place in (
            *("hospice", "palliative care", "oncology", "oncology team", "oncology ward"),
            *("cancer ward", "cancer centre", "cancer center", "palliative care team"),
        )
    },
    **{
        f"{place} {job}": "workplace"
        for place in ("hospice", "palliative", "palliative care", "oncology", "cancer")
        for job in ("nurse", "nurses", "doctor", "worker", "volunteer", "secretary", "porter")
    },
}
