"""Certificate serials people can type: 11 random base-32 symbols (55 bits) and a check symbol, as XXXX-XXXX-XXXX.

Crockford's alphabet drops I, L, O and U, and reading accepts i/l as 1 and o as 0, so a serial read aloud or
retyped from paper still resolves. The check symbol is Luhn mod 32, which catches every single mistyped symbol
and every swap of two neighbours but one: 0 and Z (values 0 and 31), Luhn's known blind spot.
"""
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_SYMBOLS = 11
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0"})


def new_serial() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
    return _grouped(body + check_symbol(body))


def check_symbol(body: str) -> str:
    """Luhn mod N over the alphabet: double every second symbol from the right, fold, and complete to 0 mod 32."""
    base = len(ALPHABET)
    total, double = 0, True
    for symbol in reversed(body):
        value = ALPHABET.index(symbol) * (2 if double else 1)
        total += value // base + value % base
        double = not double
    return ALPHABET[(base - total % base) % base]


def normalise(typed: str) -> str | None:
    """The canonical serial for what someone typed, or None when it cannot be one (wrong length or check)."""
    symbols = typed.upper().translate(_CONFUSABLE).replace("-", "").replace(" ", "")
    if len(symbols) != RANDOM_SYMBOLS + 1 or any(symbol not in ALPHABET for symbol in symbols):
        return None
    body, check = symbols[:-1], symbols[-1]
    return _grouped(symbols) if check_symbol(body) == check else None


def _grouped(symbols: str) -> str:
    return "-".join(symbols[start:start + 4] for start in range(0, len(symbols), 4))
