"""Event detection (ANNOTATION §6, §9): triggers, context rules, modality, the component."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from extract.errors import ExtractError
from extract.events.arguments import arguments_in_view, attach_arguments
from extract.events.component import EventDetector
from extract.events.detect import detect_events
from extract.events.triggers import (
    SentenceView,
    TriggerLexicon,
    find_triggers,
    fold_phrase,
    load_triggers,
    triggers_in_view,
)
from extract.records import Event, Mention, Sentence, Token
from extract.segment.spacy_doc import build_doc
from extract.segment.tokens import tokenize, underthesea_tagger

LEXICON_DIR = Path(__file__).resolve().parents[1] / "pipeline" / "lexicons"


@pytest.fixture(scope="module")
def tagger():
    return underthesea_tagger()


@pytest.fixture(scope="module")
def lexicon() -> TriggerLexicon:
    return load_triggers(LEXICON_DIR / "event_triggers.tsv")


def mention(text: str, phrase: str, label: str, value=None, *, nth: int = 0, **attrs) -> Mention:
    """A hand-made mention of the `nth` occurrence of `phrase` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Mention(start, start + len(phrase), label, value or phrase, "test", **attrs)


def run(text: str, mentions: list[Mention], tagger, lexicon) -> list[Event]:
    tokens = tokenize(text, 0, len(text), tagger=tagger)
    return detect_events(text, tokens, mentions, lexicon)


def summary(text: str, event: Event, mentions: list[Mention]) -> set[tuple[str, str]]:
    """(role, mention text) pairs of an event."""
    return {
        (a.role, text[mentions[a.mention_index].start : mentions[a.mention_index].end])
        for a in event.arguments
    }


def only(events: list[Event], event_type: str) -> Event:
    found = [e for e in events if e.type == event_type]
    assert len(found) == 1, events
    return found[0]


# --- one sentence per event type ---------------------------------------------------------------

TYPE_CASES = [
    (
        "Chiều 5/3, tại Hà Nội, Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn đã tiếp Đại sứ Chi-lê.",
        [("Chiều 5/3", "DATE"), ("Hà Nội", "LOC"), ("Bộ Ngoại giao", "ORG"),
         ("Bùi Thanh Sơn", "PER"), ("Chi-lê", "GPE")],
        "MEET", "tiếp",
        {("time", "Chiều 5/3"), ("place", "Hà Nội"), ("participant", "Bộ Ngoại giao"),
         ("participant", "Bùi Thanh Sơn"), ("participant", "Chi-lê")},
    ),
    (
        "Việt Nam và Australia đã ký Bản ghi nhớ về hợp tác giáo dục nghề nghiệp tại Canberra.",
        [("Việt Nam", "GPE"), ("Australia", "GPE"),
         ("Bản ghi nhớ về hợp tác giáo dục nghề nghiệp", "AGREEMENT"), ("Canberra", "LOC")],
        "SIGN", "ký",
        {("participant", "Việt Nam"), ("participant", "Australia"), ("place", "Canberra"),
         ("agreement", "Bản ghi nhớ về hợp tác giáo dục nghề nghiệp")},
    ),
    (
        "Năm 2024, Việt Nam tiếp tục đàm phán Hiệp định thương mại tự do với Israel.",
        [("Năm 2024", "DATE"), ("Việt Nam", "GPE"), ("Hiệp định thương mại tự do", "AGREEMENT"),
         ("Israel", "GPE")],
        "NEGOTIATE", "đàm phán",
        {("time", "Năm 2024"), ("participant", "Việt Nam"), ("participant", "Israel"),
         ("agreement", "Hiệp định thương mại tự do")},
    ),
    (
        "Năm 2019, Quốc hội phê chuẩn Công ước số 98 của Tổ chức Lao động quốc tế.",
        [("Năm 2019", "DATE"), ("Quốc hội", "ORG"), ("Công ước số 98", "AGREEMENT"),
         ("Tổ chức Lao động quốc tế", "ORG")],
        "JOIN", "phê chuẩn",
        {("time", "Năm 2019"), ("participant", "Quốc hội"), ("agreement", "Công ước số 98"),
         ("participant", "Tổ chức Lao động quốc tế")},
    ),
    (
        "Ngân hàng Thế giới tài trợ 80 triệu USD cho chương trình của Bộ Y tế.",
        [("Ngân hàng Thế giới", "ORG"), ("80 triệu USD", "COUNT"), ("Bộ Y tế", "ORG")],
        "FUND", "tài trợ",
        {("participant", "Ngân hàng Thế giới"), ("quantity", "80 triệu USD"),
         ("participant", "Bộ Y tế")},
    ),
    (
        "Bộ Nội vụ tăng cường hợp tác với Lào, Campuchia, Thái Lan và Myanmar về công vụ.",
        [("Bộ Nội vụ", "ORG"), ("Lào", "GPE"), ("Campuchia", "GPE"), ("Thái Lan", "GPE"),
         ("Myanmar", "GPE")],
        "COOPERATE", "hợp tác",
        {("participant", "Bộ Nội vụ"), ("participant", "Lào"), ("participant", "Campuchia"),
         ("participant", "Thái Lan"), ("participant", "Myanmar")},
    ),
    (
        "Hằng năm, Bộ cử cán bộ sang Singapore và Hàn Quốc để đào tạo về quản trị công.",
        [("Hằng năm", "DATE"), ("Singapore", "GPE"), ("Hàn Quốc", "GPE")],
        "TRAIN", "đào tạo",
        {("time", "Hằng năm"), ("place", "Singapore"), ("place", "Hàn Quốc")},
    ),
    (
        "Năm 2023, Việt Nam đưa hơn 150 nghìn lao động đi làm việc ở nước ngoài, "
        "chủ yếu sang Nhật Bản và Đài Loan.",
        [("Năm 2023", "DATE"), ("Việt Nam", "GPE"), ("hơn 150 nghìn lao động", "COUNT"),
         ("Nhật Bản", "GPE"), ("Đài Loan", "GPE")],
        "LABOR_MIGRATION", "đưa hơn 150 nghìn lao động đi làm việc ở nước ngoài",
        {("time", "Năm 2023"), ("participant", "Việt Nam"), ("quantity", "hơn 150 nghìn lao động"),
         ("place", "Nhật Bản"), ("place", "Đài Loan")},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "spans", "event_type", "trigger", "expected"), TYPE_CASES)
def test_event_types(text, spans, event_type, trigger, expected, tagger, lexicon) -> None:
    mentions = [mention(text, phrase, label) for phrase, label in spans]
    event = only(run(text, mentions, tagger, lexicon), event_type)
    assert trigger in text[event.trigger_start : event.trigger_end]
    assert summary(text, event, mentions) == expected
    assert event.source.startswith("event_rule:")


# --- context rules -----------------------------------------------------------------------------

NEGATIVE_CASES = [
    # "tiếp" inside "tiếp tục" is no reception.
    ("Bộ Y tế tiếp tục triển khai chương trình tại Hà Nội.", [("Bộ Y tế", "ORG"),
                                                             ("Hà Nội", "LOC")], "MEET"),
    # Domestic support to people is no funding between parties.
    ("Tỉnh Nghệ An hỗ trợ người nghèo xây nhà năm 2022.", [("Nghệ An", "LOC"),
                                                           ("năm 2022", "DATE")], "FUND"),
    # "tham gia" without a body or a convention is no accession.
    ("Nhiều doanh nghiệp Đà Nẵng tham gia hội chợ việc làm năm nay.",
     [("Đà Nẵng", "LOC"), ("năm nay", "DATE")], "JOIN"),
    # "thông qua" meaning "through".
    ("Bộ Nội vụ hỗ trợ địa phương thông qua các dự án thí điểm.", [("Bộ Nội vụ", "ORG")],
     "SIGN"),
    # A trigger word inside an organization's name.
    ("Vụ Hợp tác quốc tế đã báo cáo kết quả năm 2023.",
     [("Vụ Hợp tác quốc tế", "ORG"), ("năm 2023", "DATE")], "COOPERATE"),
    # "đối tác" as a plain noun, not a predicate.
    ("Bộ Công Thương làm việc cùng các đối tác trong nước.", [("Bộ Công Thương", "ORG")],
     "COOPERATE"),
    # The trainee ("thực tập sinh") is no training activity.
    ("Thực tập sinh Việt Nam làm việc tại Nhật Bản.", [("Việt Nam", "GPE"),
                                                     ("Nhật Bản", "GPE")], "TRAIN"),
    # A trigger word inside a capitalised instrument name.
    ("Quốc hội sửa đổi Luật Dạy nghề năm 2014.", [("Quốc hội", "ORG"), ("năm 2014", "DATE")],
     "TRAIN"),
    # A migration noun without a destination is a topic, not an event.
    ("Bộ Ngoại giao nghiên cứu chính sách về lao động di cư.", [("Bộ Ngoại giao", "ORG")],
     "LABOR_MIGRATION"),
    # "đăng ký" is no signing.
    ("Người lao động đăng ký tham dự kỳ thi tiếng Hàn tại Hà Nội.", [("Hà Nội", "LOC")], "SIGN"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "spans", "event_type"), NEGATIVE_CASES)
def test_context_rules_reject(text, spans, event_type, tagger, lexicon) -> None:
    mentions = [mention(text, phrase, label) for phrase, label in spans]
    assert [e for e in run(text, mentions, tagger, lexicon) if e.type == event_type] == []


POSITIVE_CONTEXT = [
    ("Ngân hàng Thế giới hỗ trợ Việt Nam cải cách hệ thống an sinh xã hội.",
     [("Ngân hàng Thế giới", "ORG"), ("Việt Nam", "GPE")], "FUND"),
    ("Dự án do Liên minh châu Âu hỗ trợ đã kết thúc.", [("Liên minh châu Âu", "ORG")], "FUND"),
    ("Việt Nam tham gia Tổ chức Thương mại thế giới từ năm 2007.",
     [("Việt Nam", "GPE"), ("Tổ chức Thương mại thế giới", "ORG"), ("năm 2007", "DATE")], "JOIN"),
    ("Hội đồng đã thông qua Tuyên bố chung về lao động di cư.",
     [("Tuyên bố chung về lao động di cư", "AGREEMENT")], "SIGN"),
    ("Đức là đối tác quan trọng hàng đầu của Việt Nam.", [("Đức", "GPE"), ("Việt Nam", "GPE")],
     "COOPERATE"),
    ("Năm 2020, Việt Nam quyết định gia nhập Công ước số 88.",
     [("Năm 2020", "DATE"), ("Việt Nam", "GPE"), ("Công ước số 88", "AGREEMENT")], "JOIN"),
    ("Số lao động di cư sang Thái Lan tăng mạnh.", [("Thái Lan", "GPE")], "LABOR_MIGRATION"),
    ("Năm 2010, Việt Nam là thành viên của Hội đồng Nhân quyền.",
     [("Năm 2010", "DATE"), ("Việt Nam", "GPE"), ("Hội đồng Nhân quyền", "ORG")], "JOIN"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "spans", "event_type"), POSITIVE_CONTEXT)
def test_context_rules_accept(text, spans, event_type, tagger, lexicon) -> None:
    mentions = [mention(text, phrase, label) for phrase, label in spans]
    assert [e.type for e in run(text, mentions, tagger, lexicon)].count(event_type) == 1


# --- arguments ----------------------------------------------------------------------------------


def test_full_name_and_acronym_are_both_participants(tagger, lexicon) -> None:
    text = "Bộ Tài chính làm việc với Quỹ Tiền tệ Quốc tế (IMF) về cải cách thuế."
    mentions = [
        mention(text, "Bộ Tài chính", "ORG"),
        mention(text, "Quỹ Tiền tệ Quốc tế", "ORG", "IMF"),
        mention(text, "IMF", "ORG", "IMF"),
    ]
    event = only(run(text, mentions, tagger, lexicon), "MEET")
    assert summary(text, event, mentions) == {
        ("participant", "Bộ Tài chính"),
        ("participant", "Quỹ Tiền tệ Quốc tế"),
        ("participant", "IMF"),
    }


OWNER_COUNT_CASES = [
    # the count owns another noun than the trigger: not how many sign
    ("Bộ Y tế ký bản ghi nhớ với Bộ Y tế Lào trước đông đảo đại diện các bộ ngành của hai nước.",
     [("Bộ Y tế", "ORG", None), ("Bộ Y tế Lào", "ORG", None), ("hai nước", "COUNT", "nước")],
     "SIGN", False),
    ("Người Việt Nam sang làm việc tại Hàn Quốc phải tuân thủ luật pháp của cả hai nước.",
     [("Việt Nam", "GPE", None), ("Hàn Quốc", "GPE", None), ("hai nước", "COUNT", "nước")],
     "LABOR_MIGRATION", False),
    # the parties of the instrument signed
    ("Bộ Công Thương sẽ ký thỏa thuận hợp tác giữa hai cơ quan vào năm sau.",
     [("Bộ Công Thương", "ORG", None), ("thỏa thuận hợp tác", "AGREEMENT", None),
      ("hai cơ quan", "COUNT", "cơ quan")],
     "SIGN", True),
    # those who attend
    ("Hội nghị tại Viêng Chăn có sự tham dự của 10 Bộ trưởng ASEAN.",
     [("Viêng Chăn", "GPE", None), ("10 Bộ trưởng", "COUNT", "Bộ trưởng"), ("ASEAN", "ORG", None)],
     "MEET", True),
    # a relation's owner far from it owns another noun
    ("Hai bộ xác định những hoạt động hợp tác cụ thể, thiết thực, vì lợi ích của hai bên.",
     [("Hai bộ", "COUNT", "bộ"), ("hai bên", "COUNT", "bên")],
     "COOPERATE", False),
    # a relation is what the two sides have
    ("Thủ tướng khẳng định quan hệ hợp tác giữa Bộ Tài chính hai nước ngày càng bền chặt.",
     [("Bộ Tài chính", "ORG", None), ("hai nước", "COUNT", "nước")],
     "COOPERATE", True),
]  # fmt: skip


@pytest.mark.parametrize(("text", "spans", "event_type", "counted"), OWNER_COUNT_CASES)
def test_count_owning_another_noun_is_no_quantity(
    text, spans, event_type, counted, tagger, lexicon
) -> None:
    mentions = [mention(text, phrase, label, unit=unit) for phrase, label, unit in spans]
    event = only(run(text, mentions, tagger, lexicon), event_type)
    count = [phrase for phrase, label, _ in spans if label == "COUNT"][-1]
    assert (("quantity", count) in summary(text, event, mentions)) is counted


def test_title_organization_attaches_with_its_person(tagger, lexicon) -> None:
    text = "Thứ trưởng Bộ Tư pháp Nguyễn Thanh Tịnh tham dự Hội nghị tại Geneva."
    mentions = [
        mention(text, "Bộ Tư pháp", "ORG"),
        mention(text, "Nguyễn Thanh Tịnh", "PER", title="Thứ trưởng Bộ Tư pháp"),
        mention(text, "Geneva", "LOC"),
    ]
    event = only(run(text, mentions, tagger, lexicon), "MEET")
    assert text[event.trigger_start : event.trigger_end] == "Hội nghị"  # the meeting, not "tham dự"
    assert summary(text, event, mentions) == {
        ("participant", "Bộ Tư pháp"),
        ("participant", "Nguyễn Thanh Tịnh"),
        ("place", "Geneva"),
    }


def test_partners_attach_to_the_nearest_trigger(tagger, lexicon) -> None:
    text = "Việt Nam đã trao đổi kinh nghiệm với Cu Ba và hợp tác với Ba Lan."
    mentions = [mention(text, p, "GPE") for p in ("Việt Nam", "Cu Ba", "Ba Lan")]
    events = run(text, mentions, tagger, lexicon)
    assert [e.type for e in events] == ["COOPERATE", "COOPERATE"]
    assert summary(text, events[0], mentions) == {
        ("participant", "Việt Nam"),
        ("participant", "Cu Ba"),
    }
    assert summary(text, events[1], mentions) == {
        ("participant", "Việt Nam"),
        ("participant", "Ba Lan"),
    }


def test_coordinated_verbs_share_their_object(tagger, lexicon) -> None:
    text = "Hai bộ đã đàm phán, ký kết Hiệp định hợp tác lao động với Israel."
    mentions = [
        mention(text, "Hai bộ", "COUNT"),
        mention(text, "Hiệp định hợp tác lao động", "AGREEMENT"),
        mention(text, "Israel", "GPE"),
    ]
    events = run(text, mentions, tagger, lexicon)
    negotiate, sign = only(events, "NEGOTIATE"), only(events, "SIGN")
    for event in (negotiate, sign):
        assert ("agreement", "Hiệp định hợp tác lao động") in summary(text, event, mentions)
        assert ("participant", "Israel") in summary(text, event, mentions)
    assert [e for e in events if e.type == "COOPERATE"] == []  # "hợp tác" inside the instrument


def test_chained_verb_shares_partners(tagger, lexicon) -> None:
    text = "Năm 2018, Việt Nam hợp tác với Nhật Bản đào tạo điều dưỡng viên."
    mentions = [
        mention(text, "Năm 2018", "DATE"),
        mention(text, "Việt Nam", "GPE"),
        mention(text, "Nhật Bản", "GPE"),
    ]
    train = only(run(text, mentions, tagger, lexicon), "TRAIN")
    assert summary(text, train, mentions) == {
        ("time", "Năm 2018"),
        ("participant", "Việt Nam"),
        ("participant", "Nhật Bản"),
    }


def test_speaker_is_not_a_participant(tagger, lexicon) -> None:
    text = "Bộ trưởng Lê Minh Hưng cho biết Việt Nam và Hàn Quốc đã ký Hiệp định bảo hiểm xã hội."
    mentions = [
        mention(text, "Lê Minh Hưng", "PER"),
        mention(text, "Việt Nam", "GPE"),
        mention(text, "Hàn Quốc", "GPE"),
        mention(text, "Hiệp định bảo hiểm xã hội", "AGREEMENT"),
    ]
    event = only(run(text, mentions, tagger, lexicon), "SIGN")
    assert ("participant", "Lê Minh Hưng") not in summary(text, event, mentions)
    assert ("participant", "Hàn Quốc") in summary(text, event, mentions)


def test_office_country_is_not_a_venue(tagger, lexicon) -> None:
    text = "Bộ trưởng đã tiếp Trưởng đại diện UNDP tại Việt Nam Ramla Khalidi."
    mentions = [
        mention(text, "UNDP", "ORG"),
        mention(text, "Việt Nam", "GPE"),
        mention(text, "Ramla Khalidi", "PER"),
    ]
    event = only(run(text, mentions, tagger, lexicon), "MEET")
    roles = summary(text, event, mentions)
    assert ("participant", "Ramla Khalidi") in roles
    assert not any(m == "Việt Nam" for _, m in roles)


def test_no_argument_no_event(tagger, lexicon) -> None:
    text = "Hội nghị diễn ra trong không khí cởi mở và thẳng thắn."
    assert find_triggers(text, tokenize(text, 0, len(text), tagger=tagger), [], lexicon)
    assert run(text, [], tagger, lexicon) == []


def test_one_event_per_activity_in_a_chunk(tagger, lexicon) -> None:
    text = "Bộ đã thực hiện hoạt động chia sẻ kinh nghiệm với các nước có quan hệ hữu nghị với Lào."
    mentions = [mention(text, "Lào", "GPE")]
    events = run(text, mentions, tagger, lexicon)
    assert len([e for e in events if e.type == "COOPERATE"]) == 1


# --- modality ------------------------------------------------------------------------------------

MODALITY_CASES = [
    ("Hai nước sẽ ký Hiệp định lao động vào năm tới.", "SIGN", "planned"),
    ("Hai nước dự kiến ký Hiệp định lao động vào năm tới.", "SIGN", "planned"),
    ("Hai nước đang đàm phán Hiệp định lao động.", "NEGOTIATE", "ongoing"),
    ("Hai nước chưa ký Hiệp định lao động.", "SIGN", "negated"),
    ("Hai nước không ký Hiệp định lao động.", "SIGN", "negated"),
    ("Hai nước đã ký Hiệp định lao động.", "SIGN", "asserted"),
    ("Hai nước không ngừng đàm phán Hiệp định lao động.", "NEGOTIATE", "asserted"),
]


@pytest.mark.parametrize(("text", "event_type", "expected"), MODALITY_CASES)
def test_modality(text, event_type, expected, tagger, lexicon) -> None:
    mentions = [
        mention(text, "Hai nước", "COUNT"),
        mention(text, "Hiệp định lao động", "AGREEMENT"),
    ]
    assert only(run(text, mentions, tagger, lexicon), event_type).modality == expected


# --- lexicon and component -----------------------------------------------------------------------


def test_lexicon_matches_any_case(tmp_path, tagger) -> None:
    path = tmp_path / "triggers.tsv"
    path.write_text("type\ttrigger\tnote\nMEET\thội đàm\ttalks\n", encoding="utf-8")
    lexicon = load_triggers(path)
    for text in (
        "Hai bên hội đàm tại Hà Nội.",
        "HAI BÊN HỘI ĐÀM TẠI HÀ NỘI.",
        "Hội đàm tại Hà Nội.",
    ):
        tokens = tokenize(text, 0, len(text), tagger=tagger)
        assert [t.type for t in find_triggers(text, tokens, [], lexicon)] == ["MEET"]


def test_lexicon_rejects_unknown_type(tmp_path) -> None:
    path = tmp_path / "triggers.tsv"
    path.write_text("type\ttrigger\tnote\nPARTY\tliên hoan\t\n", encoding="utf-8")
    with pytest.raises(ExtractError, match="E030"):
        load_triggers(path)


def test_component_maps_to_document_offsets(tagger) -> None:
    text = "Mở đầu.\n\nNgày 2/4, Việt Nam ký Hiệp định với Chi-lê."
    first, second = text.index("Mở"), text.index("Ngày")
    sentences = [
        Sentence(0, first, first + len("Mở đầu."), 0),
        Sentence(1, second, len(text), 1),
    ]
    tokens = [tokenize(text, s.start, s.end, tagger=tagger) for s in sentences]
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    doc = build_doc(nlp.vocab, text, sentences, tokens, doc_id="t", published=None)
    doc._.tokens = tokens
    doc._.mentions = [
        mention(text, "Mở đầu", "ORG"),  # an unrelated mention keeps indices global
        mention(text, "Ngày 2/4", "DATE"),
        mention(text, "Việt Nam", "GPE"),
        mention(text, "Hiệp định", "AGREEMENT"),
        mention(text, "Chi-lê", "GPE"),
    ]
    component = nlp.add_pipe("vi_events", config={"lexicon_dir": str(LEXICON_DIR)})
    assert isinstance(component, EventDetector)
    doc = component(doc)
    (event,) = doc._.events
    assert text[event.trigger_start : event.trigger_end] == "ký"
    assert event.sentence_index == 1
    assert {(a.role, a.mention_index) for a in event.arguments} == {
        ("time", 1),
        ("participant", 2),
        ("agreement", 3),
        ("participant", 4),
    }


def test_source_attribution_is_not_a_participant(tagger, lexicon) -> None:
    text = "Theo phóng viên TTXVN tại Viêng Chăn, hai bộ đã ký Bản ghi nhớ hợp tác."
    mentions = [
        mention(text, "TTXVN", "ORG"),
        mention(text, "Viêng Chăn", "LOC"),
        mention(text, "hai bộ", "COUNT"),
        mention(text, "Bản ghi nhớ hợp tác", "AGREEMENT"),
    ]
    event = only(run(text, mentions, tagger, lexicon), "SIGN")
    assert summary(text, event, mentions) == {
        ("quantity", "hai bộ"),
        ("agreement", "Bản ghi nhớ hợp tác"),
    }


def test_place_preposition_does_not_reach_past_another_name(tagger, lexicon) -> None:
    text = "Ngày 4/8, tại Đà Nẵng, Bộ Lao động Việt Nam phối hợp với Bộ Lao động Lào."
    mentions = [
        mention(text, "Ngày 4/8", "DATE"),
        mention(text, "Đà Nẵng", "LOC"),
        mention(text, "Bộ Lao động", "ORG"),
        mention(text, "Việt Nam", "GPE"),
        mention(text, "Bộ Lao động Lào", "ORG"),
    ]
    event = only(run(text, mentions, tagger, lexicon), "COOPERATE")
    roles = summary(text, event, mentions)
    assert ("place", "Đà Nẵng") in roles
    assert ("participant", "Việt Nam") in roles
    assert ("participant", "Bộ Lao động Lào") in roles


def test_object_of_one_verb_is_subject_of_the_next(tagger, lexicon) -> None:
    text = "Thủ tướng tiếp Bộ trưởng Mai Văn Chính đang có chuyến thăm làm việc tại Cu Ba."
    mentions = [mention(text, "Mai Văn Chính", "PER"), mention(text, "Cu Ba", "GPE")]
    events = run(text, mentions, tagger, lexicon)
    visit = [e for e in events if "thăm" in text[e.trigger_start : e.trigger_end]]
    assert len(visit) == 1
    assert summary(text, visit[0], mentions) == {
        ("participant", "Mai Văn Chính"),
        ("place", "Cu Ba"),
    }


def test_country_visited_is_the_place(tagger, lexicon) -> None:
    text = "Chủ tịch nước Lương Cường có chuyến thăm cấp Nhà nước tới Chi-lê."
    mentions = [mention(text, "Lương Cường", "PER"), mention(text, "Chi-lê", "GPE")]
    event = only(run(text, mentions, tagger, lexicon), "MEET")
    assert summary(text, event, mentions) == {("participant", "Lương Cường"), ("place", "Chi-lê")}


@pytest.mark.parametrize(
    ("text", "visit"),
    [
        # a bare visit noun refers back to the visit the article has reported
        ("Trong chuyến thăm, Tổng giám đốc Houngbo sẽ hội đàm với Thủ tướng.", False),
        ("Chuyến thăm sẽ là cơ hội để Tổng giám đốc Houngbo thảo luận.", False),
        ("Trong chuyến thăm kéo dài hai ngày, ông Houngbo sẽ gặp Thủ tướng.", False),
        # something naming the visit makes it one
        ("Tổng giám đốc Houngbo có chuyến thăm chính thức tới Việt Nam.", True),
        ("Nhân chuyến thăm Việt Nam, ông Houngbo gặp Thủ tướng.", True),
    ],
)
def test_bare_visit_noun_is_a_back_reference(text: str, visit: bool, tagger, lexicon) -> None:
    mentions = [mention(text, "Houngbo", "PER")]
    if "Việt Nam" in text:
        mentions.append(mention(text, "Việt Nam", "GPE"))
    mentions.sort(key=lambda m: m.start)
    events = run(text, mentions, tagger, lexicon)
    visits = [e for e in events if "thăm" in text[e.trigger_start : e.trigger_end]]
    assert bool(visits) is visit


def test_speaker_before_a_colon_is_not_a_participant(tagger, lexicon) -> None:
    text = "Đại sứ Park Noh-wan chia sẻ, Hàn Quốc sẽ tiếp nhận lao động Việt Nam trong năm nay."
    mentions = [
        mention(text, "Park Noh-wan", "PER"),
        mention(text, "Hàn Quốc", "GPE"),
        mention(text, "Việt Nam", "GPE"),
    ]
    event = only(run(text, mentions, tagger, lexicon), "LABOR_MIGRATION")
    assert event.modality == "planned"
    assert ("participant", "Park Noh-wan") not in summary(text, event, mentions)


def test_title_in_quotes_is_not_an_event(tagger, lexicon) -> None:
    text = "Hai nước triển khai dự án “Đào tạo nghề cho thanh niên” tại Quảng Nam."
    mentions = [mention(text, "Hai nước", "COUNT"), mention(text, "Quảng Nam", "LOC")]
    assert [e for e in run(text, mentions, tagger, lexicon) if e.type == "TRAIN"] == []


def test_named_worker_sending_firm_is_no_event(tagger, lexicon) -> None:
    text = "Các doanh nghiệp xuất khẩu lao động tại Đà Nẵng tham dự hội nghị."
    mentions = [mention(text, "Đà Nẵng", "LOC")]
    events = run(text, mentions, tagger, lexicon)
    assert [e for e in events if e.type == "LABOR_MIGRATION"] == []


def test_instrument_adopted_in_the_passive(tagger, lexicon) -> None:
    text = "Công ước số 88 được Hội nghị Lao động Quốc tế thông qua năm 1948."
    mentions = [
        mention(text, "Công ước số 88", "AGREEMENT"),
        mention(text, "năm 1948", "DATE"),
    ]
    sign = only(run(text, mentions, tagger, lexicon), "SIGN")
    assert ("agreement", "Công ước số 88") in summary(text, sign, mentions)


def test_bare_name_right_before_the_trigger_is_its_subject(tagger, lexicon) -> None:
    text = "Bộ Ngoại giao tổ chức lễ công bố việc Việt Nam gia nhập Công ước Apostille."
    mentions = [
        mention(text, "Bộ Ngoại giao", "ORG"),
        mention(text, "Việt Nam", "GPE"),
        mention(text, "Công ước Apostille", "AGREEMENT"),
    ]
    join = only(run(text, mentions, tagger, lexicon), "JOIN")
    assert summary(text, join, mentions) == {
        ("participant", "Việt Nam"),
        ("agreement", "Công ước Apostille"),
    }


# --- recall rules: general classes of missed events ---------------------------------------------

RECALL_POSITIVE = [
    # Bare "trao đổi" as a verb of exchanging views between parties.
    ("Đoàn Bộ Y tế trao đổi với Đại sứ Canada về chính sách bảo hiểm.",
     [("Bộ Y tế", "ORG"), ("Canada", "GPE")], "COOPERATE", "trao đổi"),
    # "kết nối X với Y" linking parties.
    ("Cục Việc làm kết nối các trường nghề Việt Nam với doanh nghiệp Nhật Bản.",
     [("Cục Việc làm", "ORG"), ("Việt Nam", "GPE"), ("Nhật Bản", "GPE")], "COOPERATE",
     "kết nối"),
    # A forum as the subject of a predicate of holding.
    ("Diễn đàn dự kiến diễn ra tại Bangkok vào tháng 5/2026.",
     [("Bangkok", "LOC"), ("tháng 5/2026", "DATE")], "MEET", "Diễn đàn"),
    ("Diễn đàn có sự tham gia của đại diện UNDP và UNFPA.",
     [("UNDP", "ORG"), ("UNFPA", "ORG")], "MEET", "Diễn đàn"),
    ("Theo lịch trình, diễn đàn do Bộ Ngoại giao và UNESCO đồng chủ trì.",
     [("Bộ Ngoại giao", "ORG"), ("UNESCO", "ORG")], "MEET", "diễn đàn"),
    # An edition of a named forum.
    ("Diễn đàn Thanh niên ASEAN lần thứ 12", [("Diễn đàn Thanh niên ASEAN", "ORG")], "MEET",
     "Diễn đàn"),
    # Workers going to work in a foreign country.
    ("Nhiều lao động Việt Nam sang Ba Lan làm việc trong năm 2024.",
     [("Việt Nam", "GPE"), ("Ba Lan", "GPE"), ("năm 2024", "DATE")], "LABOR_MIGRATION",
     "sang Ba Lan làm việc"),
    ("Khoảng 800 lao động đi làm việc trong các nhà máy tại Hungary.",
     [("Khoảng 800 lao động", "COUNT"), ("Hungary", "GPE")], "LABOR_MIGRATION", "đi làm việc"),
    # A sending verb coordinated with another verb of handling workers.
    ("Tỉnh Savannakhet tiếp nhận và quản lý lao động Việt Nam theo hợp đồng.",
     [("Savannakhet", "LOC"), ("Việt Nam", "GPE")], "LABOR_MIGRATION",
     "tiếp nhận và quản lý lao động"),
    # A migration noun with the countries workers move between.
    ("Tình trạng lao động di cư giữa Việt Nam và Campuchia đã tăng.",
     [("Việt Nam", "GPE"), ("Campuchia", "GPE")], "LABOR_MIGRATION", "lao động di cư"),
    # Goods handed over to a party.
    ("Đại sứ quán Hàn Quốc trao trang thiết bị y tế cho Bệnh viện Bạch Mai.",
     [("Đại sứ quán Hàn Quốc", "ORG"), ("Bệnh viện Bạch Mai", "ORG")], "FUND", "trao"),
    # Support from a donor introduced by "từ", or from the donor's office.
    ("Dự án được triển khai với sự hỗ trợ từ Cơ quan Hợp tác Quốc tế Nhật Bản.",
     [("Cơ quan Hợp tác Quốc tế Nhật Bản", "ORG")], "FUND", "hỗ trợ"),
    ("Bộ đánh giá cao sự hỗ trợ của Văn phòng UNFPA tại Việt Nam.",
     [("UNFPA", "ORG"), ("Việt Nam", "GPE")], "FUND", "hỗ trợ"),
    # Money given to people.
    ("Mỗi học viên được hỗ trợ 3 triệu đồng.", [("3 triệu đồng", "COUNT")], "FUND", "hỗ trợ"),
    # Issuing a declaration is adopting an instrument.
    ("Các nhà lãnh đạo đưa ra Tuyên bố chung về biến đổi khí hậu.",
     [("Tuyên bố chung về biến đổi khí hậu", "AGREEMENT")], "SIGN", "đưa ra"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "spans", "event_type", "trigger"), RECALL_POSITIVE)
def test_recall_rules_accept(text, spans, event_type, trigger, tagger, lexicon) -> None:
    mentions = [
        mention(
            text, phrase, label,
            unit="đồng" if phrase.endswith("đồng") else ("lao động" if label == "COUNT" else None),
            kind="declaration" if phrase.startswith("Tuyên bố") else None,
        )
        for phrase, label in spans
    ]  # fmt: skip
    event = only(run(text, mentions, tagger, lexicon), event_type)
    assert trigger in text[event.trigger_start : event.trigger_end]


RECALL_NEGATIVE = [
    # Trade, not an exchange between partners.
    ("Kim ngạch trao đổi thương mại giữa Việt Nam và Ấn Độ tăng mạnh.",
     [("Việt Nam", "GPE"), ("Ấn Độ", "GPE")], "COOPERATE"),
    # Linking data, not parties.
    ("Bộ Công an kết nối dữ liệu dân cư trên toàn quốc.", [("Bộ Công an", "ORG")], "COOPERATE"),
    # Online forums are no meeting held; nor is a forum that publishes a report.
    ("Bộ Tư pháp lấy ý kiến trên các diễn đàn trực tuyến năm 2024.",
     [("Bộ Tư pháp", "ORG"), ("năm 2024", "DATE")], "MEET"),
    ("Diễn đàn Kinh tế Thế giới công bố báo cáo năm 2024.",
     [("Diễn đàn Kinh tế Thế giới", "ORG"), ("năm 2024", "DATE")], "MEET"),
    # An official on a working visit is not migrating.
    ("Bộ trưởng Bộ Tài chính sang Pháp làm việc trong ba ngày.",
     [("Bộ Tài chính", "ORG"), ("Pháp", "GPE")], "LABOR_MIGRATION"),
    # Empowerment is no transfer of resources.
    ("Chương trình nhằm trao quyền cho phụ nữ dân tộc thiểu số ở Hà Giang.",
     [("Hà Giang", "LOC")], "FUND"),
    # A recommendation is no instrument.
    ("Bộ Y tế đưa ra khuyến nghị về phòng dịch năm 2020.",
     [("Bộ Y tế", "ORG"), ("năm 2020", "DATE")], "SIGN"),
    # Training equipment handed over is no training.
    ("Nhật Bản trao trang thiết bị dạy nghề cho Trường Cao đẳng Lilama.",
     [("Nhật Bản", "GPE"), ("Trường Cao đẳng Lilama", "ORG")], "TRAIN"),
    # A sending phrase inside an instrument's name is no event of its own.
    ("Hai Bộ ký Bản ghi nhớ về tiếp nhận lao động sang làm việc tại Israel.",
     [("Hai Bộ", "COUNT"),
      ("Bản ghi nhớ về tiếp nhận lao động sang làm việc", "AGREEMENT"), ("Israel", "GPE")],
     "LABOR_MIGRATION"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "spans", "event_type"), RECALL_NEGATIVE)
def test_recall_rules_reject(text, spans, event_type, tagger, lexicon) -> None:
    mentions = [mention(text, phrase, label) for phrase, label in spans]
    assert [e for e in run(text, mentions, tagger, lexicon) if e.type == event_type] == []


ARGUMENT_CASES = [
    # A comma inside a ministry's name does not cut the subject off.
    ("Ngày 5/3, Bộ Lao động, Thương binh và Xã hội và Bộ Nội vụ Lào tổ chức hội nghị.",
     [("Ngày 5/3", "DATE"), ("Bộ Lao động, Thương binh và Xã hội", "ORG"),
      ("Bộ Nội vụ Lào", "ORG")],
     "MEET", {("time", "Ngày 5/3"), ("participant", "Bộ Lao động, Thương binh và Xã hội"),
              ("participant", "Bộ Nội vụ Lào")}),
    # "trên địa bàn X" is where it happens.
    ("Đoàn đại biểu Nhật Bản đi thăm các cơ sở dạy nghề trên địa bàn tỉnh Bắc Ninh.",
     [("Nhật Bản", "GPE"), ("tỉnh Bắc Ninh", "LOC")],
     "MEET", {("participant", "Nhật Bản"), ("place", "tỉnh Bắc Ninh")}),
    # Workers of one country received in another: the second country is the destination.
    ("Hai nước thúc đẩy tiếp nhận lao động Việt Nam tại Hungary.",
     [("Hai nước", "COUNT"), ("Việt Nam", "GPE"), ("Hungary", "GPE")],
     "LABOR_MIGRATION", {("quantity", "Hai nước"), ("participant", "Việt Nam"),
                         ("place", "Hungary")}),
    # A count of parties is shared by the verb chained after a meeting.
    ("Cuộc gặp giữa hai bên lần này là dịp tăng cường hợp tác.", [("hai bên", "COUNT")],
     "COOPERATE", {("quantity", "hai bên")}),
    # A country that wishes to cooperate takes part; it is no speaker.
    ("Ba Lan mong muốn hợp tác với Việt Nam trong lĩnh vực lao động.",
     [("Ba Lan", "GPE"), ("Việt Nam", "GPE")],
     "COOPERATE", {("participant", "Ba Lan"), ("participant", "Việt Nam")}),
    # The hosts of a meeting exchange views at it.
    ("Theo kế hoạch, hội thảo do Bộ Tư pháp và UNDP chủ trì, tập trung trao đổi về cải cách.",
     [("Bộ Tư pháp", "ORG"), ("UNDP", "ORG")],
     "COOPERATE", {("participant", "Bộ Tư pháp"), ("participant", "UNDP")}),
    # Two predicates joined by "đồng thời" share the partners named after the second.
    ("Chương trình nhằm tăng cường hợp tác nghề nghiệp, đồng thời kết nối doanh nghiệp "
     "Việt Nam với đối tác Phần Lan.",
     [("Việt Nam", "GPE"), ("Phần Lan", "GPE")],
     "COOPERATE", {("participant", "Việt Nam"), ("participant", "Phần Lan")}),
    # An office ("UNICEF Việt Nam") ends a list item like its body's name.
    ("Đại diện UNICEF Việt Nam, UNFPA đã trao đổi kinh nghiệm về dân số.",
     [("UNICEF", "ORG"), ("Việt Nam", "GPE"), ("UNFPA", "ORG")],
     "COOPERATE", {("participant", "UNICEF"), ("participant", "UNFPA")}),
    # A topic noun after the verb lends the verb its partners.
    ("Hai Bộ thúc đẩy hợp tác trong lĩnh vực giáo dục và dịch chuyển lao động giữa Việt Nam "
     "và Séc.",
     [("Việt Nam", "GPE"), ("Séc", "GPE")],
     "COOPERATE", {("participant", "Việt Nam"), ("participant", "Séc")}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "spans", "event_type", "expected"), ARGUMENT_CASES)
def test_recall_arguments(text, spans, event_type, expected, tagger, lexicon) -> None:
    mentions = [
        mention(
            text, phrase, label, "VNM" if phrase == "Việt Nam" else None,
            unit="bên" if phrase == "hai bên" else None,
        )
        for phrase, label in spans
    ]  # fmt: skip
    events = [e for e in run(text, mentions, tagger, lexicon) if e.type == event_type]
    assert events, run(text, mentions, tagger, lexicon)
    found = set().union(*(summary(text, e, mentions) for e in events))
    assert expected <= found, found


def test_weak_exchange_yields_to_cooperation(tagger, lexicon) -> None:
    text = "Các đại biểu trao đổi về các nội dung hợp tác của Bộ Y tế."
    mentions = [mention(text, "Bộ Y tế", "ORG")]
    event = only(run(text, mentions, tagger, lexicon), "COOPERATE")
    assert text[event.trigger_start : event.trigger_end] == "hợp tác"
    assert summary(text, event, mentions) == {("participant", "Bộ Y tế")}


def test_person_wishing_is_a_speaker(tagger, lexicon) -> None:
    text = "Bà Trần Thu Hà mong muốn tăng cường sự hỗ trợ của Ngân hàng Thế giới."
    mentions = [mention(text, "Trần Thu Hà", "PER"), mention(text, "Ngân hàng Thế giới", "ORG")]
    event = only(run(text, mentions, tagger, lexicon), "FUND")
    assert summary(text, event, mentions) == {("participant", "Ngân hàng Thế giới")}


# --- sentence view ---------------------------------------------------------------------------


def _view(words: list[str]) -> SentenceView:
    """A view over `words` joined by single spaces, one token per word."""
    text = " ".join(words)
    tokens, pos = [], 0
    for word in words:
        tokens.append(Token(pos, pos + len(word), word, "N"))
        pos += len(word) + 1
    return SentenceView(text, tokens, [])


@pytest.mark.parametrize(
    ("offset", "n", "before", "after"),
    [
        (0, 2, [], ["đoàn", "Thái Lan"]),  # sentence start
        (4, 1, ["đoàn"], ["Thái Lan"]),  # right at the end of a token: it is before
        (14, 1, ["Thái Lan"], ["thăm"]),  # right at the start of a token: it is after
        (5, 2, ["đoàn"], ["Thái Lan", "thăm"]),
        (7, 3, ["đoàn"], ["thăm", "Bộ"]),  # inside "Thái Lan": that token is on neither side
        (21, 1, ["Bộ"], []),  # sentence end
    ],
)
def test_view_words_around_an_offset(offset, n, before, after) -> None:
    view = _view(["Đoàn", "Thái Lan", "thăm", "Bộ"])
    assert view.words_before(offset, n) == [fold_phrase(w) for w in before]
    assert view.words_after(offset, n) == [fold_phrase(w) for w in after]


def test_shared_view_gives_the_same_events(tagger, lexicon) -> None:
    text = "Bộ trưởng Lào tiếp Đại sứ Nhật Bản và ký Bản ghi nhớ với JICA tại Viêng Chăn."
    mentions = [
        mention(text, "Lào", "GPE"),
        mention(text, "Nhật Bản", "GPE"),
        mention(text, "Bản ghi nhớ", "AGREEMENT"),
        mention(text, "JICA", "ORG"),
        mention(text, "Viêng Chăn", "GPE"),
    ]
    tokens = tokenize(text, 0, len(text), tagger=tagger)
    triggers = find_triggers(text, tokens, mentions, lexicon)
    view = SentenceView(text, tokens, mentions)
    assert [t.type for t in triggers] == ["MEET", "SIGN"]
    assert triggers_in_view(view, lexicon) == triggers
    assert arguments_in_view(view, triggers) == attach_arguments(text, tokens, mentions, triggers)


# --- relative clauses, relations of a pair, workers going abroad ------------------------------

NEW_RULE_CASES = [
    (  # relative clause: the convention before "mà" is what the party is a member of
        "Chính phủ tôn trọng các quy định của Công ước về quyền của người khuyết tật mà "
        "Việt Nam là thành viên.",
        [("Chính phủ", "ORG"), ("Công ước về quyền của người khuyết tật", "AGREEMENT"),
         ("Việt Nam", "GPE")],
        "JOIN", "là thành viên",
        {("agreement", "Công ước về quyền của người khuyết tật"), ("participant", "Việt Nam")},
    ),
    (  # "tham gia" with its object before "mà"; the owner after "của" gives way
        "Bộ sẽ rà soát Công ước số 87 của ILO mà Campuchia đã tham gia.",
        [("Công ước số 87", "AGREEMENT"), ("ILO", "ORG"), ("Campuchia", "GPE")],
        "JOIN", "tham gia",
        {("agreement", "Công ước số 87"), ("participant", "Campuchia")},
    ),
    (  # a list of signatories in the relative clause
        "Các bên rà soát Hiệp định Thương mại tự do mà Việt Nam và Israel đã ký kết.",
        [("Hiệp định Thương mại tự do", "AGREEMENT"), ("Việt Nam", "GPE"), ("Israel", "GPE")],
        "SIGN", "ký kết",
        {("agreement", "Hiệp định Thương mại tự do"), ("participant", "Việt Nam"),
         ("participant", "Israel")},
    ),
    (
        "Năm 2021, quan hệ Việt Nam – Cuba tiếp tục được củng cố.",
        [("Năm 2021", "DATE"), ("Việt Nam", "GPE"), ("Cuba", "GPE")],
        "COOPERATE", "quan hệ",
        {("time", "Năm 2021"), ("participant", "Việt Nam"), ("participant", "Cuba")},
    ),
    (
        "Ông đánh giá cao quan hệ giữa Việt Nam và UNFPA trong lĩnh vực dân số.",
        [("Việt Nam", "GPE"), ("UNFPA", "ORG")],
        "COOPERATE", "quan hệ",
        {("participant", "Việt Nam"), ("participant", "UNFPA")},
    ),
    (
        "Năm 2016, Việt Nam và Ấn Độ nâng cấp quan hệ lên tầm cao mới.",
        [("Năm 2016", "DATE"), ("Việt Nam", "GPE"), ("Ấn Độ", "GPE")],
        "COOPERATE", "nâng cấp quan hệ",
        {("time", "Năm 2016"), ("participant", "Việt Nam"), ("participant", "Ấn Độ")},
    ),
    (
        "Thanh niên nông thôn có thêm cơ hội cho lao động đi xuất khẩu sang Đài Loan.",
        [("Đài Loan", "GPE")],
        "LABOR_MIGRATION", "lao động đi xuất khẩu",
        {("place", "Đài Loan")},
    ),
    (
        "Năm 2022, tỉnh đẩy mạnh việc đưa người Việt Nam đi lao động ở nước ngoài.",
        [("Năm 2022", "DATE"), ("Việt Nam", "GPE")],
        "LABOR_MIGRATION", "đi lao động ở nước ngoài",
        {("time", "Năm 2022"), ("participant", "Việt Nam")},
    ),
    (  # workers going to a foreign country, without a verb of working after it
        "Từ năm 2012, khoảng 30.000 lao động sang Israel theo hợp đồng.",
        [("năm 2012", "DATE"), ("khoảng 30.000 lao động", "COUNT", "lao động"),
         ("Israel", "GPE")],
        "LABOR_MIGRATION", "khoảng 30.000 lao động sang Israel",
        {("time", "năm 2012"), ("quantity", "khoảng 30.000 lao động"), ("place", "Israel")},
    ),
    (  # interns going abroad are workers, not a training
        "Nhiều thực tập sinh Việt Nam sang thực tập tại Đức.",
        [("Việt Nam", "GPE"), ("Đức", "GPE")],
        "LABOR_MIGRATION", "thực tập sinh Việt Nam sang thực tập",
        {("participant", "Việt Nam"), ("place", "Đức")},
    ),
    (  # with two coordinated internships the country is still the destination
        "Lào đã phái cử hơn 2.000 lao động sang tu nghiệp và thực tập tại Thái Lan.",
        [("Lào", "GPE"), ("hơn 2.000 lao động", "COUNT", "lao động"), ("Thái Lan", "GPE")],
        "LABOR_MIGRATION", "phái cử hơn 2.000 lao động",
        {("participant", "Lào"), ("quantity", "hơn 2.000 lao động"), ("place", "Thái Lan")},
    ),
    (  # "họp" governs the meeting noun after it, which is the trigger
        "Các Bộ trưởng họp trực tuyến Hội nghị Hội đồng Cộng đồng Kinh tế ASEAN lần thứ 20.",
        [("Hội đồng Cộng đồng Kinh tế ASEAN", "ORG")],
        "MEET", "Hội nghị",
        {("participant", "Hội đồng Cộng đồng Kinh tế ASEAN")},
    ),
]  # fmt: skip


_COUNTRY_CODES = {"Việt Nam": "VNM"}


@pytest.mark.parametrize(("text", "spans", "event_type", "trigger", "expected"), NEW_RULE_CASES)
def test_relative_clauses_relations_and_workers_abroad(
    text, spans, event_type, trigger, expected, tagger, lexicon
) -> None:
    # Country values matter: workers' own country (VNM) takes part, a foreign one is a place.
    mentions = [
        mention(
            text, span[0], span[1], _COUNTRY_CODES.get(span[0]),
            unit=span[2] if len(span) > 2 else None,
        )
        for span in spans
    ]  # fmt: skip
    events = run(text, mentions, tagger, lexicon)
    assert "TRAIN" not in {e.type for e in events}
    event = only(events, event_type)
    assert text[event.trigger_start : event.trigger_end] == trigger
    assert summary(text, event, mentions) == expected


def test_relation_of_a_pair_keeps_its_own_names(tagger, lexicon) -> None:
    text = "Hai bên trao đổi về quan hệ Việt Nam - Lào, hợp tác giữa Bộ Y tế và các đối tác Lào."
    mentions = [
        mention(text, "Hai bên", "COUNT", unit="bên"),
        mention(text, "Việt Nam", "GPE"),
        mention(text, "Lào", "GPE"),
        mention(text, "Bộ Y tế", "ORG"),
        mention(text, "Lào", "GPE", nth=1),
    ]
    events = [e for e in run(text, mentions, tagger, lexicon) if e.type == "COOPERATE"]
    triggers = [text[e.trigger_start : e.trigger_end] for e in events]
    assert triggers == ["quan hệ", "hợp tác"]
    assert ("participant", "Bộ Y tế") not in summary(text, events[0], mentions)


# --- issue 16: phrasings of signing, relations and labour migration -----------------------------

PHRASINGS = [
    # exchanging signed instruments is the signing
    (
        "Hai bộ trưởng chứng kiến lễ trao đổi văn kiện hợp tác giữa Chính phủ Lào và Chính phủ"
        " Thái Lan.",
        [("văn kiện hợp tác", "AGREEMENT"), ("Chính phủ Lào", "ORG"),
         ("Chính phủ Thái Lan", "ORG")],
        "SIGN", "trao đổi",
        {("agreement", "văn kiện hợp tác"), ("participant", "Chính phủ Lào"),
         ("participant", "Chính phủ Thái Lan")},
    ),
    (
        "Bộ trưởng Bộ Y tế đã trao đổi “Bản ghi nhớ về phòng chống dịch bệnh” với Đại sứ Pháp.",
        [("Bộ Y tế", "ORG"), ("Bản ghi nhớ về phòng chống dịch bệnh", "AGREEMENT"),
         ("Pháp", "GPE")],
        "SIGN", "trao đổi",
        {("participant", "Bộ Y tế"), ("agreement", "Bản ghi nhớ về phòng chống dịch bệnh"),
         ("participant", "Pháp")},
    ),
    # announcing a strategy, passive with "do"
    (
        "Kế hoạch nằm trong Chiến lược hợp tác kinh tế do Thủ tướng hai nước công bố vào ngày"
        " 3/5/2022.",
        [("Chiến lược hợp tác kinh tế", "AGREEMENT", {"kind": "legal"}),
         ("hai nước", "COUNT", {"unit": "nước"}), ("ngày 3/5/2022", "DATE")],
        "SIGN", "công bố",
        {("agreement", "Chiến lược hợp tác kinh tế"), ("quantity", "hai nước"),
         ("time", "ngày 3/5/2022")},
    ),
    # relations between counted parties
    (
        "Hai bên nhấn mạnh mối quan hệ truyền thống giữa hai nước ngày càng bền chặt.",
        [("Hai bên", "COUNT", {"unit": "bên"}), ("hai nước", "COUNT", {"unit": "nước"})],
        "COOPERATE", "quan hệ",
        {("quantity", "hai nước")},
    ),
    # receiving workers to work
    (
        "Năm 2023, 20 điều dưỡng viên được Bệnh viện Aachen tiếp nhận làm việc.",
        [("Năm 2023", "DATE"), ("20 điều dưỡng viên", "COUNT", {"unit": "điều dưỡng viên"}),
         ("Bệnh viện Aachen", "ORG")],
        "LABOR_MIGRATION", "tiếp nhận làm việc",
        {("time", "Năm 2023"), ("quantity", "20 điều dưỡng viên"),
         ("participant", "Bệnh viện Aachen")},
    ),
    # the joiner between "tham gia của" and "vào"
    (
        "Sự tham gia của Việt Nam vào Chương trình Lao động Thời vụ mở ra nhiều cơ hội.",
        [("Việt Nam", "GPE", {"value": "VNM"}),
         ("Chương trình Lao động Thời vụ", "AGREEMENT", {"kind": "legal"})],
        "JOIN", "tham gia",
        {("participant", "Việt Nam"), ("agreement", "Chương trình Lao động Thời vụ")},
    ),
    # a count of workers after a receiving verb (the segmenter splits "thực tập sinh")
    (
        "Năm 2023, Đài Loan tiếp nhận hơn 60.000 thực tập sinh Việt Nam.",
        [("Năm 2023", "DATE"), ("Đài Loan", "GPE", {"value": "TWN"}),
         ("hơn 60.000 thực tập sinh", "COUNT", {"unit": "thực tập sinh"}),
         ("Việt Nam", "GPE", {"value": "VNM"})],
        "LABOR_MIGRATION", "tiếp nhận hơn 60.000 thực tập sinh",
        {("time", "Năm 2023"), ("participant", "Đài Loan"), ("participant", "Việt Nam"),
         ("quantity", "hơn 60.000 thực tập sinh")},
    ),
    # people of a nationality going to work abroad, and foreigners coming to Vietnam
    (
        "Năm ngoái, nhiều người Việt sang Đức làm việc trong ngành điều dưỡng.",
        [("Năm ngoái", "DATE"), ("Đức", "GPE", {"value": "DEU"})],
        "LABOR_MIGRATION", "người Việt sang Đức làm việc",
        {("time", "Năm ngoái"), ("place", "Đức")},
    ),
    (
        "Ngày càng nhiều người Hàn Quốc đến làm việc tại Việt Nam.",
        [("Hàn Quốc", "GPE", {"value": "KOR"}), ("Việt Nam", "GPE", {"value": "VNM"})],
        "LABOR_MIGRATION", "người Hàn Quốc đến làm việc",
        {("participant", "Hàn Quốc"), ("place", "Việt Nam")},
    ),
    # workers already working abroad
    (
        "Hiện có khoảng 5.000 lao động Việt Nam đang làm việc tại Ba Lan.",
        [("khoảng 5.000 lao động", "COUNT", {"unit": "lao động"}),
         ("Việt Nam", "GPE", {"value": "VNM"}), ("Ba Lan", "GPE", {"value": "POL"})],
        "LABOR_MIGRATION", "làm việc",
        {("quantity", "khoảng 5.000 lao động"), ("participant", "Việt Nam"),
         ("place", "Ba Lan")},
    ),
]  # fmt: skip


def _mentions(text: str, spans) -> list[Mention]:
    found = []
    for item in spans:
        phrase, label, attrs = (*item, {})[:3]
        attrs = dict(attrs)
        value = attrs.pop("value", None)
        found.append(mention(text, phrase, label, value, **attrs))
    return sorted(found, key=lambda m: m.start)


@pytest.mark.parametrize(("text", "spans", "event_type", "trigger", "expected"), PHRASINGS)
def test_issue16_phrasings(text, spans, event_type, trigger, expected, tagger, lexicon) -> None:
    mentions = _mentions(text, spans)
    event = only(run(text, mentions, tagger, lexicon), event_type)
    assert text[event.trigger_start : event.trigger_end] == trigger
    assert summary(text, event, mentions) == expected


@pytest.mark.parametrize(
    ("text", "spans", "event_type"),
    [
        # collective bargaining is an institution, not a negotiation
        (
            "Công đoàn Bộ Công Thương tổ chức tập huấn về thương lượng tập thể năm 2024.",
            [("Công đoàn Bộ Công Thương", "ORG"), ("năm 2024", "DATE")],
            "NEGOTIATE",
        ),
        # a dialogue partner is a kind of partner
        (
            "ASEAN tăng cường quan hệ với các nước đối tác đối thoại Canada và Ấn Độ.",
            [("ASEAN", "ORG"), ("Canada", "GPE"), ("Ấn Độ", "GPE")],
            "MEET",
        ),
        # exchanging views is no signing; an official going to work abroad is no migration
        (
            "Hai bộ trưởng trao đổi về tình hình khu vực tại Hà Nội.",
            [("Hà Nội", "LOC")],
            "SIGN",
        ),
        (
            "Bộ trưởng Bộ Nội vụ sang Nhật Bản làm việc với Bộ Tư pháp.",
            [("Bộ Nội vụ", "ORG"), ("Nhật Bản", "GPE", {"value": "JPN"}), ("Bộ Tư pháp", "ORG")],
            "LABOR_MIGRATION",
        ),
        # announcing a decision adopts no instrument
        (
            "Bộ Y tế công bố Quyết định số 125/QĐ-BYT về việc bổ nhiệm Vụ trưởng.",
            [("Bộ Y tế", "ORG"), ("Quyết định số 125/QĐ-BYT", "AGREEMENT", {"kind": "legal"})],
            "SIGN",
        ),
        # a person (not workers) working abroad
        (
            "Ông Minh hiện đang làm việc tại Singapore.",
            [("Minh", "PER"), ("Singapore", "GPE", {"value": "SGP"})],
            "LABOR_MIGRATION",
        ),
    ],
)
def test_issue16_rejections(text, spans, event_type, tagger, lexicon) -> None:
    mentions = _mentions(text, spans)
    assert [e for e in run(text, mentions, tagger, lexicon) if e.type == event_type] == []


def test_names_in_an_instruments_subject_or_its_lone_owner_take_no_part(tagger, lexicon) -> None:
    text = (
        "Hai bên ký Bản ghi nhớ về đưa điều dưỡng viên Việt Nam sang làm việc tại Đức; Lào tham"
        " gia Chương trình Lao động Thời vụ Australia."
    )
    spans = [
        ("Hai bên", "COUNT", {"unit": "bên"}),
        ("Bản ghi nhớ về đưa điều dưỡng viên Việt Nam sang làm việc tại Đức", "AGREEMENT",
         {"kind": "mou"}),
        ("Việt Nam", "GPE", {"value": "VNM"}),
        ("Đức", "GPE", {"value": "DEU"}),
        ("Lào", "GPE", {"value": "LAO"}),
        ("Chương trình Lao động Thời vụ Australia", "AGREEMENT", {"kind": "legal"}),
        ("Australia", "GPE", {"value": "AUS"}),
    ]  # fmt: skip
    mentions = _mentions(text, spans)
    events = run(text, mentions, tagger, lexicon)
    sign, join = only(events, "SIGN"), only(events, "JOIN")
    assert {r for r, t in summary(text, sign, mentions) if t in {"Việt Nam", "Đức"}} == set()
    assert summary(text, join, mentions) == {
        ("participant", "Lào"),
        ("agreement", "Chương trình Lao động Thời vụ Australia"),
    }


def test_parties_of_an_instrument_still_take_part(tagger, lexicon) -> None:
    text = "Năm 2019, hai nước ký Hiệp định hợp tác lao động Việt Nam - Lào."
    spans = [
        ("Năm 2019", "DATE"),
        ("hai nước", "COUNT", {"unit": "nước"}),
        ("Hiệp định hợp tác lao động Việt Nam - Lào", "AGREEMENT", {"kind": "treaty"}),
        ("Việt Nam", "GPE", {"value": "VNM"}),
        ("Lào", "GPE", {"value": "LAO"}),
    ]
    mentions = _mentions(text, spans)
    sign = only(run(text, mentions, tagger, lexicon), "SIGN")
    assert {("participant", "Việt Nam"), ("participant", "Lào")} <= summary(text, sign, mentions)


def test_the_date_opening_the_clause_governs_its_later_events(tagger, lexicon) -> None:
    text = "Ngày 5/9, nhân chuyến thăm Lào, Bộ trưởng Bộ Y tế ký Bản ghi nhớ về y tế cơ sở."
    spans = [
        ("Ngày 5/9", "DATE"),
        ("Lào", "GPE", {"value": "LAO"}),
        ("Bộ Y tế", "ORG"),
        ("Bản ghi nhớ về y tế cơ sở", "AGREEMENT", {"kind": "mou"}),
    ]
    mentions = _mentions(text, spans)
    sign = only(run(text, mentions, tagger, lexicon), "SIGN")
    assert ("time", "Ngày 5/9") in summary(text, sign, mentions)


def test_topics_listed_after_ve_are_no_events(tagger, lexicon) -> None:
    text = (
        "Hai bên trao đổi về nhiều lĩnh vực, bao gồm đào tạo nghề, thanh tra lao động và trao"
        " đổi thông tin về thị trường."
    )
    mentions = _mentions(text, [("Hai bên", "COUNT", {"unit": "bên"})])
    events = run(text, mentions, tagger, lexicon)
    assert [e.type for e in events] == ["COOPERATE"]
    assert text[events[0].trigger_start : events[0].trigger_end] == "trao đổi"


def test_witnesses_of_a_signing_take_part(tagger, lexicon) -> None:
    text = (
        "Dưới sự chứng kiến của Thủ tướng Phạm Minh Chính, Bộ trưởng Bộ Y tế và Bộ trưởng Bộ"
        " Y tế Lào đã ký Bản ghi nhớ về y tế cơ sở."
    )
    spans = [
        ("Phạm Minh Chính", "PER"),
        ("Bộ Y tế", "ORG"),
        ("Bộ Y tế Lào", "ORG"),
        ("Bản ghi nhớ về y tế cơ sở", "AGREEMENT", {"kind": "mou"}),
    ]
    mentions = _mentions(text, spans)
    sign = only(run(text, mentions, tagger, lexicon), "SIGN")
    assert ("participant", "Phạm Minh Chính") in summary(text, sign, mentions)


def test_a_place_adverbial_names_no_witness(tagger, lexicon) -> None:
    text = "Tại Hà Nội, nhân dịp Quốc khánh, Bộ Y tế đã ký Bản ghi nhớ về y tế cơ sở."
    spans = [
        ("Hà Nội", "LOC"),
        ("Bộ Y tế", "ORG"),
        ("Bản ghi nhớ về y tế cơ sở", "AGREEMENT", {"kind": "mou"}),
    ]
    mentions = _mentions(text, spans)
    sign = only(run(text, mentions, tagger, lexicon), "SIGN")
    assert summary(text, sign, mentions) == {
        ("place", "Hà Nội"),
        ("participant", "Bộ Y tế"),
        ("agreement", "Bản ghi nhớ về y tế cơ sở"),
    }


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("Hiệp định được hai nước ký lại năm 2009 và năm 2017.", ["năm 2009", "năm 2017"]),
        (
            "Hai nước ký bản ghi nhớ lần đầu vào tháng 3-2004 và tiếp theo vào tháng 9-2016.",
            ["tháng 3-2004", "tháng 9-2016"],
        ),
        # a date of another clause is not coordinated with the event's
        ("Hai nước ký Hiệp định năm 2009, hiệu lực từ năm 2011.", ["năm 2009"]),
    ],
)
def test_coordinated_dates_are_all_times(text, dates, tagger, lexicon) -> None:
    spans = [(d, "DATE") for d in dates]
    if "2011" in text:
        spans.append(("năm 2011", "DATE"))
    mentions = _mentions(text, spans)
    sign = only(run(text, mentions, tagger, lexicon), "SIGN")
    assert {t for r, t in summary(text, sign, mentions) if r == "time"} == set(dates)


def test_passive_agent_joins_the_aid_it_gives(tagger, lexicon) -> None:
    text = (
        "Dự án nhận một khoản viện trợ không hoàn lại cho Lào trị giá 2 triệu USD, do Chính phủ"
        " Hàn Quốc tài trợ."
    )
    spans = [
        ("Lào", "GPE", {"value": "LAO"}),
        ("2 triệu USD", "COUNT", {"unit": "USD"}),
        ("Chính phủ Hàn Quốc", "ORG"),
        ("Hàn Quốc", "GPE", {"value": "KOR"}),
    ]
    mentions = _mentions(text, spans)
    fund = only(run(text, mentions, tagger, lexicon), "FUND")
    assert {("participant", "Lào"), ("participant", "Chính phủ Hàn Quốc"),
            ("quantity", "2 triệu USD")} <= summary(text, fund, mentions)  # fmt: skip


def test_verb_glued_to_the_name_before_it_is_a_trigger(tagger, lexicon) -> None:
    # The segmenter glues "Tô Lâm tiếp" into one word: the verb still starts at a syllable.
    text = "Ngày 12/3, Bộ trưởng Bộ Công an Tô Lâm tiếp Đại sứ Australia tại Việt Nam."
    spans = [("Ngày 12/3", "DATE"), ("Bộ Công an", "ORG"), ("Tô Lâm", "PER"),
             ("Australia", "GPE"), ("Việt Nam", "GPE")]  # fmt: skip
    mentions = _mentions(text, spans)
    meet = only(run(text, mentions, tagger, lexicon), "MEET")
    assert text[meet.trigger_start : meet.trigger_end] == "tiếp"
    assert {("participant", "Tô Lâm"), ("time", "Ngày 12/3")} <= summary(text, meet, mentions)


def test_ky_inside_a_glued_title_is_no_signing(tagger, lexicon) -> None:
    text = "Bà Lan Anh, Tổng Thư ký Liên đoàn Thương mại và Công nghiệp Việt Nam, phát biểu."
    spans = [("Lan Anh", "PER"), ("Liên đoàn Thương mại và Công nghiệp Việt Nam", "ORG")]
    mentions = _mentions(text, spans)
    assert [e for e in run(text, mentions, tagger, lexicon) if e.type == "SIGN"] == []


def test_attendees_listed_across_semicolons_take_part(tagger, lexicon) -> None:
    text = "Dự Lễ ký có Bộ trưởng Phạm Văn Nam; Thứ trưởng Lê Thị Hoa cùng cán bộ của hai bộ."
    spans = [("Phạm Văn Nam", "PER"), ("Lê Thị Hoa", "PER"), ("hai bộ", "COUNT", {"unit": "bộ"})]
    mentions = _mentions(text, spans)
    sign = only(run(text, mentions, tagger, lexicon), "SIGN")
    assert {("participant", "Phạm Văn Nam"), ("participant", "Lê Thị Hoa")} <= summary(
        text, sign, mentions
    )


def test_semicolon_still_cuts_other_clauses(tagger, lexicon) -> None:
    text = "Hai bên tổ chức hội thảo tại Hà Nội; Bộ Y tế cử chuyên gia sang Lào."
    spans = [("Hai bên", "COUNT", {"unit": "bên"}), ("Hà Nội", "LOC"), ("Bộ Y tế", "ORG"),
             ("Lào", "GPE", {"value": "LAO"})]  # fmt: skip
    mentions = _mentions(text, spans)
    meet = only(run(text, mentions, tagger, lexicon), "MEET")
    assert summary(text, meet, mentions) == {("quantity", "Hai bên"), ("place", "Hà Nội")}


def test_a_visit_adverbial_shares_its_place_and_visitors(tagger, lexicon) -> None:
    text = (
        "Nhân chuyến thăm Lào cùng Thủ tướng Trần Văn An, Bộ trưởng Bộ Y tế Lê Thị Hoa ký Bản"
        " ghi nhớ về y tế cơ sở."
    )
    spans = [
        ("Lào", "GPE", {"value": "LAO"}),
        ("Trần Văn An", "PER"),
        ("Bộ Y tế", "ORG"),
        ("Lê Thị Hoa", "PER"),
        ("Bản ghi nhớ về y tế cơ sở", "AGREEMENT", {"kind": "mou"}),
    ]
    mentions = _mentions(text, spans)
    events = run(text, mentions, tagger, lexicon)
    meet, sign = only(events, "MEET"), only(events, "SIGN")
    assert ("place", "Lào") in summary(text, sign, mentions)
    assert {("participant", "Lê Thị Hoa"), ("participant", "Trần Văn An")} <= summary(
        text, meet, mentions
    )


def test_sides_noting_the_activities_are_speakers(tagger, lexicon) -> None:
    text = "Hai bên ghi nhớ, các bộ sẽ tổ chức hội thảo song phương tại Viêng Chăn."
    spans = [("Hai bên", "COUNT", {"unit": "bên"}), ("Viêng Chăn", "LOC")]
    mentions = _mentions(text, spans)
    meet = only(run(text, mentions, tagger, lexicon), "MEET")
    assert summary(text, meet, mentions) == {("place", "Viêng Chăn")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quốc hội đã nhất trí thông qua Nghị quyết về phòng chống thiên tai.", "asserted"),
        ("Hai bên nhất trí sẽ thông qua Nghị quyết về phòng chống thiên tai.", "planned"),
        ("Hai bên nhất trí ký Nghị quyết về phòng chống thiên tai.", "planned"),
    ],
)
def test_a_vote_to_adopt_is_the_adoption(text, expected, tagger, lexicon) -> None:
    spans = [("Nghị quyết về phòng chống thiên tai", "AGREEMENT", {"kind": "legal"})]
    if text.startswith("Quốc hội"):
        spans.insert(0, ("Quốc hội", "ORG"))
    else:
        spans.insert(0, ("Hai bên", "COUNT", {"unit": "bên"}))
    mentions = _mentions(text, spans)
    assert only(run(text, mentions, tagger, lexicon), "SIGN").modality == expected


def test_the_host_who_invited_takes_part_in_the_visit(tagger, lexicon) -> None:
    text = (
        "Nhận lời mời của Thủ tướng Trần Văn An, Thủ tướng Lào Sonexay Siphandone thăm chính"
        " thức Việt Nam."
    )
    spans = [("Trần Văn An", "PER"), ("Lào", "GPE", {"value": "LAO"}),
             ("Sonexay Siphandone", "PER"), ("Việt Nam", "GPE", {"value": "VNM"})]  # fmt: skip
    mentions = _mentions(text, spans)
    meet = only(run(text, mentions, tagger, lexicon), "MEET")
    assert {("participant", "Trần Văn An"), ("participant", "Sonexay Siphandone"),
            ("place", "Việt Nam")} <= summary(text, meet, mentions)  # fmt: skip


def test_person_with_an_apposed_title_is_the_subject(tagger, lexicon) -> None:
    text = "Ông Trần Văn Minh, Thứ trưởng Bộ Công Thương, đã làm việc với Đại sứ Pháp."
    spans = [("Trần Văn Minh", "PER"), ("Bộ Công Thương", "ORG"), ("Pháp", "GPE")]
    mentions = _mentions(text, spans)
    meet = only(run(text, mentions, tagger, lexicon), "MEET")
    assert summary(text, meet, mentions) == {
        ("participant", "Trần Văn Minh"),
        ("participant", "Bộ Công Thương"),
        ("participant", "Pháp"),
    }


def test_a_preposed_place_is_no_apposed_person(tagger, lexicon) -> None:
    text = "Tại Hà Nội, Bộ trưởng Bộ Y tế đã tiếp Đại sứ Pháp."
    spans = [("Hà Nội", "LOC"), ("Bộ Y tế", "ORG"), ("Pháp", "GPE")]
    mentions = _mentions(text, spans)
    meet = only(run(text, mentions, tagger, lexicon), "MEET")
    assert summary(text, meet, mentions) == {
        ("place", "Hà Nội"),
        ("participant", "Bộ Y tế"),
        ("participant", "Pháp"),
    }


QUANTITY_UNITS = {"tầng": "measure", "tấn": "measure", "%": "percent", "lao động": "person"}


@pytest.mark.parametrize(
    ("text", "count", "unit", "kept"),
    [
        # a building's floors measure the aid's object, not the aid
        ("KOICA sẽ hỗ trợ xây dựng trung tâm là một tòa nhà 4 tầng.", "4 tầng", "tầng", False),
        # goods given are the aid's quantity, though measured
        ("Nhật Bản viện trợ 2.000 tấn gạo cho Lào.", "2.000 tấn", "tấn", True),
        # a share is a rate, except the vote that adopts an instrument
        ("Hàn Quốc tiếp nhận 30% lao động của Việt Nam.", "30%", "%", False),
        ("Quốc hội thông qua Nghị quyết số 5 với 94,82% tán thành.", "94,82%", "%", True),
        # a count of people stays, but not one that says what they belong to
        ("Hàn Quốc tiếp nhận 500 lao động Việt Nam.", "500 lao động", "lao động", True),
        ("Nhật Bản tiếp nhận thanh niên thuộc 81 huyện nghèo.", "81 huyện", "huyện", False),
    ],
)
def test_measures_are_quantities_only_where_they_count(
    text: str, count: str, unit: str, kept: bool, tagger, lexicon
) -> None:
    mentions = [
        mention(text, p, label)
        for p, label in (
            ("KOICA", "ORG"), ("Nhật Bản", "GPE"), ("Lào", "GPE"), ("Hàn Quốc", "GPE"),
            ("Việt Nam", "GPE"), ("Quốc hội", "ORG"), ("Nghị quyết số 5", "AGREEMENT"),
        )
        if p in text
    ]  # fmt: skip
    mentions.append(mention(text, count, "COUNT", 1.0, unit=unit))
    mentions.sort(key=lambda m: m.start)
    tokens = tokenize(text, 0, len(text), tagger=tagger)
    events = detect_events(text, tokens, mentions, lexicon, unit_groups=QUANTITY_UNITS)
    quantities = {t for e in events for role, t in summary(text, e, mentions) if role == "quantity"}
    assert (count in quantities) is kept
    # without the unit groups every count of a people-less measure may be a quantity
    if not kept and unit in QUANTITY_UNITS:
        plain = detect_events(text, tokens, mentions, lexicon)
        assert count in {t for e in plain for r, t in summary(text, e, mentions) if r == "quantity"}
