from html import unescape


def text(response) -> str:
    """A response's HTML with entities decoded (apostrophes are escaped as &#x27;)."""
    return unescape(response.content.decode())
