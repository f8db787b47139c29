"""bot/language/en.yaml: the grammar's words, as text (YAML reads a bare no/on/yes as a boolean)."""
from bot.text import language


def _words(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _words(value, path + (str(key),))
    elif isinstance(node, list):
        for value in node:
            yield from _words(value, path)
    else:
        yield path, node


def test_every_listed_word_is_text():
    lists = [(path, w) for path, w in _words(language("en")) if path[:1] not in (("numbers",), ("factors",))
             and path[:2] not in (("degrees", "intensifiers"), ("degrees", "magnitudes"), ("spelled_numbers", "units"),
                             ("spelled_numbers", "scales"), ("spelled_numbers", "fractions"))]
    assert lists and all(isinstance(w, str) for _, w in lists), [(p, w) for p, w in lists if not isinstance(w, str)]
