"""WCAG 2.1 contrast of the site's primary colour."""

import pytest

from pb.domain.contrast import BadColour, check_primary, parse, ratio


def test_ratio_matches_wcag_reference_values():
    assert ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the usual AA grey
    assert ratio("#0b5cad", "#ffffff") > 4.5  # pb's own blue passes


def test_primary_colour_is_normalised_or_refused_with_the_ratio():
    assert check_primary(" #1A5FB4 ") == "#1a5fb4"
    assert parse("#abc") == "#aabbcc"
    with pytest.raises(BadColour) as e:
        check_primary("#f5c211")  # yellow: white text on it is unreadable
    assert "white text" in str(e.value) and "1.6" in str(e.value) and "4.5:1" in str(e.value)
    with pytest.raises(BadColour):
        check_primary("red; }")
    # 4.54 against white, but the shaded boxes (#f2f5f9) are darker than white: refused there.
    with pytest.raises(BadColour) as e:
        check_primary("#767676")
    assert "shaded boxes" in str(e.value)
