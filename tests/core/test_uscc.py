"""The unified social credit code check (GB 32100-2015), with hand-computed check characters."""
import pytest

from core.uscc import check_character, is_valid_uscc, uscc_problem


def test_published_example_is_valid():
    # 9 1 3 5 0 1 0 0 M(21) 0 0 0 1 0 0 Y(30) 4 weighted 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28:
    # 9+3+27+135+26+420+8+900+112 = 1640; 1640 mod 31 = 28; 31-28 = 3
    assert check_character("91350100M000100Y4") == "3"
    assert uscc_problem("91350100M000100Y43") is None
    assert is_valid_uscc("91350100M000100Y43")


def test_check_value_31_maps_to_zero():
    # 9+3+27+135+26+420(M=21)+290(A=10)+60+84 = 1054 = 34 x 31, so 31 - 0 = 31, which maps to 0
    assert check_character("91350100MA0000023") == "0"
    assert is_valid_uscc("91350100MA00000230")


def test_check_character_can_be_a_letter():
    # the same sum with ...13 at the end: 910+30+84 = 1024; 1024 mod 31 = 1; 31-1 = 30 = Y
    assert check_character("91350100MA0000013") == "Y"
    assert is_valid_uscc("91350100MA0000013Y")


def test_wrong_check_character_is_rejected():
    problem = uscc_problem("91350100M000100Y44")
    assert "check character" in problem


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_forbidden_letters_are_rejected(letter):
    problem = uscc_problem(f"91350100{letter}000100Y43")
    assert problem.startswith(f"Character(s) {letter} are not allowed")


@pytest.mark.parametrize("code", ["91350100M000100Y4", "91350100M000100Y433", "", None, 91350100])
def test_wrong_length_is_rejected(code):
    assert uscc_problem(code) == "A unified social credit code has 18 characters."


def test_lower_case_is_rejected():
    # Codes are upper case; the check does not guess what a lower-case letter meant.
    assert uscc_problem("91350100m000100y43") == "Letters in the code must be upper case."
