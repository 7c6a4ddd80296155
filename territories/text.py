import unicodedata


def fold(text: str) -> str:
    """Lower case, accents removed, hyphens and apostrophes as spaces: « Saint-Céré » →
    « saint cere ». Used to store and to query search columns the same way on every database."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    for sep in "-'’":
        bare = bare.replace(sep, " ")
    return " ".join(bare.lower().split())
