"""1C's formats as bytes: golden files, parse-back of amounts and counts, hostile values."""

import os
from datetime import date, datetime
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from payments.onec import exchange, salary
from payments.onec.statement import payee_matches, statement_rows
from payments.onec.text import OnecFormatError, clean, decode
from payments.order_numbers import MAX_NUMBER, is_valid_number, next_numbers

GOLDEN = Path(__file__).parent / "golden"
PAYER = exchange.Party(
    name="АО «Фарма»",
    inn="7700000000",
    kpp="770001001",
    account="40702810000000000001",
    bik="044525225",
    bank="ПАО Сбербанк",
    bank_city="г. Москва",
    corr_account="30101810400000000225",
)
PAYEE = exchange.Party(
    name="Иванов Иван Иванович",
    inn="772012345678",
    account="40817810099910004312",
    bik="044525225",
    bank="ПАО Сбербанк",
    corr_account="30101810400000000225",
)
PURPOSE = (
    "Вознаграждение по акту № А-2026-00123 к договору № К-2026-00017, НДФЛ удержан 13000.00 руб."
)


def _orders():
    second = exchange.Party(**{**PAYEE.__dict__, "name": "Петрова Анна Сергеевна", "inn": ""})
    return [
        exchange.Order(
            "1", date(2026, 11, 25), D("87000.00"), PAYEE, f"{PURPOSE} НДС не облагается", "#42"
        ),
        exchange.Order(
            "2",
            date(2026, 11, 25),
            D("43500.50"),
            second,
            "Вознаграждение. НДС не облагается",
            "#43",
        ),
    ]


def _golden(name: str, data: bytes) -> bytes:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(data)
    return path.read_bytes()


def test_payment_orders_match_the_golden_file_and_parse_back():
    data = exchange.payment_orders_file(
        orders=_orders(), payer=PAYER, created=datetime(2026, 11, 25, 10, 30, 5)
    )
    assert data == _golden("payment_orders.txt", data)
    assert data.endswith(b"\xca\xee\xed\xe5\xf6\xd4\xe0\xe9\xeb\xe0\r\n")  # «КонецФайла» cp1251
    assert b"\n" not in data.replace(b"\r\n", b"")
    parsed = exchange.parse(data)
    assert parsed.header["ВерсияФормата"] == "1.03"
    assert parsed.header["Кодировка"] == "Windows"
    assert parsed.header["РасчСчет"] == PAYER.account
    docs = [fields for _kind, fields, _n in parsed.documents]
    assert len(docs) == 2 and {k for k, _f, _n in parsed.documents} == {"Платежное поручение"}
    assert sum(D(d["Сумма"]) for d in docs) == D("130500.50")
    assert [d["Номер"] for d in docs] == ["1", "2"]
    first = docs[0]
    assert first["ПолучательСчет"] == PAYEE.account and first["ПолучательИНН"] == PAYEE.inn
    assert first["ПлательщикКорсчет"] == PAYER.corr_account
    assert (first["ВидОплаты"], first["Очередность"]) == ("01", "5")
    assert first["НазначениеПлатежа"].endswith("НДС не облагается")


def test_salary_registry_matches_the_golden_file_and_its_control_sums():
    header = salary.SalaryHeader(
        registry_number="20261125-3F9A1C",
        registry_date=date(2026, 11, 25),
        company_name=PAYER.name,
        company_inn=PAYER.inn,
        company_account=PAYER.account,
        company_bik=PAYER.bik,
        contract_number="38-ЗП/2025",
        contract_date=date(2025, 1, 15),
        primary_document_id="",
        bank_branch="9038",
        income_code="1",
    )
    transfers = [
        salary.Transfer("Иванов", "Иван", "Иванович", PAYEE.account, D("87000.00"), "#42"),
        salary.Transfer("Петрова", "Анна", "", "40817810500000000777", D("43500.50"), "#43"),
    ]
    data = salary.salary_registry_file(
        header=header, transfers=transfers, formed=date(2026, 11, 25)
    )
    assert data == _golden("salary_registry.xml", data)
    parsed = salary.salary_registry_parse(data)
    assert (parsed.count, parsed.total) == (2, D("130500.50"))
    assert parsed.attributes["НомерДоговора"] == "38-ЗП/2025"
    assert parsed.attributes["ИдПервичногоДокумента"] == "20261125-3F9A1C"
    assert [t["ЛицевойСчет"] for t in parsed.transfers] == [PAYEE.account, "40817810500000000777"]
    assert parsed.transfers[0]["КодВидаДохода"] == "1"


def test_salary_registry_with_wrong_control_sums_is_refused():
    data = (
        (GOLDEN / "salary_registry.xml")
        .read_bytes()
        .replace("<СуммаИтого>130500.50".encode("cp1251"), "<СуммаИтого>130500.51".encode("cp1251"))
    )
    with pytest.raises(OnecFormatError, match="control sums"):
        salary.salary_registry_parse(data)


def test_the_statement_example_parses_into_rows():
    rows = statement_rows(exchange.parse((GOLDEN / "statement.txt").read_bytes()))
    assert [r.number for r in rows] == ["1", "2", "777"]
    assert [r.amount for r in rows] == [D("87000.00"), D("43500.50"), D("15000.00")]
    assert rows[0].debited_on == date(2026, 11, 26) and not rows[0].error


@pytest.mark.parametrize(
    "hostile",
    [
        "Иванов\r\nКонецДокумента\r\nСекцияДокумент=Платежное поручение",
        "Иванов\nСумма=1000000.00",
        "Иванов\u2028Сумма=5",
    ],
)
def test_a_hostile_name_cannot_add_lines_or_keys(hostile):
    payee = exchange.Party(**{**PAYEE.__dict__, "name": hostile})
    order = exchange.Order("9", date(2026, 11, 25), D("1.00"), payee, "x", "#9")
    data = exchange.payment_orders_file(orders=[order], payer=PAYER, created=datetime(2026, 1, 1))
    parsed = exchange.parse(data)
    ((_kind, fields, _n),) = parsed.documents
    assert fields["Сумма"] == "1.00"
    assert "КонецДокумента" not in fields["Получатель1"] or "\n" not in fields["Получатель1"]
    assert "=" not in fields["Получатель1"]
    assert data.count(b"\r\n") == len(decode(data).splitlines())


def test_letters_with_diacritics_are_folded_and_others_refused():
    assert clean("Müller-Lüdenscheidt José") == "Muller-Ludenscheidt Jose"
    assert clean("Ёлкина «Анна» № 5") == "Ёлкина «Анна» № 5"
    with pytest.raises(OnecFormatError, match="U\\+738B"):
        clean("王中", ref="#1", field="Получатель1")
    with pytest.raises(OnecFormatError, match="U\\+0141"):
        clean("Łukasz", ref="#1", field="Получатель1")


def test_reading_detects_utf8_and_cp1251_and_refuses_other_files():
    text = "1CClientBankExchange\r\nВерсияФормата=1.03\r\nКонецФайла\r\n"
    for data in (text.encode("cp1251"), text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode()):
        assert exchange.parse(data).header == {"ВерсияФормата": "1.03"}
    with pytest.raises(OnecFormatError, match="1CClientBankExchange"):
        exchange.parse(b"<xml/>")
    with pytest.raises(OnecFormatError, match="КонецФайла"):
        exchange.parse(text.encode()[:-12])
    with pytest.raises(OnecFormatError, match="longer than"):
        exchange.parse(("1CClientBankExchange\r\nX=" + "a" * 3000 + "\r\n").encode())


def test_payee_match_rule():
    acc, inn = "40817810099910004312", "772012345678"
    assert payee_matches(sent_account=acc, sent_inn=inn, got_account=acc, got_inn=inn)
    assert payee_matches(sent_account=acc, sent_inn="", got_account=acc, got_inn=inn)
    assert payee_matches(sent_account=acc, sent_inn=inn, got_account="", got_inn=inn)
    assert not payee_matches(sent_account=acc, sent_inn=inn, got_account=acc, got_inn="7700000000")
    assert not payee_matches(sent_account=acc, sent_inn="", got_account="", got_inn=inn)
    assert not payee_matches(sent_account="", sent_inn="", got_account="", got_inn="")


@given(last=st.integers(min_value=0, max_value=MAX_NUMBER), count=st.integers(1, 3000))
def test_order_numbers_are_valid_distinct_and_follow_the_last(last, count):
    numbers = next_numbers(last, count)
    assert len(numbers) == count == len(set(numbers))
    assert all(is_valid_number(n) for n in numbers)
    assert all(len(str(n)) <= 6 and not str(n).endswith("000") for n in numbers)


def test_order_numbers_skip_thousands_and_wrap():
    assert next_numbers(998, 3) == [999, 1001, 1002]
    assert next_numbers(MAX_NUMBER - 1, 2) == [MAX_NUMBER, 1]


def test_the_documented_examples_are_files_of_their_formats():
    docs = Path(__file__).parents[2] / "docs" / "formats"
    orders = exchange.parse((docs / "1c-payment-orders.txt").read_bytes())
    assert orders.header["ВерсияФормата"] == "1.03" and len(orders.documents) >= 2
    assert all(D(f["Сумма"]) > 0 and f["Очередность"] == "5" for _k, f, _n in orders.documents)
    statement = statement_rows(exchange.parse((docs / "1c-bank-statement.txt").read_bytes()))
    assert statement and not any(r.error for r in statement)
    registry = salary.salary_registry_parse((docs / "1c-salary-registry.xml").read_bytes())
    assert registry.count == len(registry.transfers) >= 1
