"""Who may apply (第一条): a question saying the asker is not a unit operating in 西城 gets no award worked out."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.awards.rules import load_rulebook
from app.chat.composer import OfflineComposer
from app.chat.slots import read_inputs
from app.main import Service, prepare_service
from app.settings import Settings
from tests.app.chat.test_composer import grounded
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, seeded_vectors: Path) -> Iterator[Service]:
    data = tmp_path_factory.mktemp("applicant") / "data"
    shutil.copytree(seeded_vectors, data / "chroma")
    service = prepare_service(Settings(env="test", data_dir=data))
    yield service
    service.close()


@pytest.fixture(scope="module")
def composer(service: Service) -> OfflineComposer:
    engine = service.chat.engine
    assert isinstance(engine, OfflineComposer)
    return engine


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        (
            "我们公司注册和办公都在朝阳区，西城没有任何机构，去年拿了两项国家级算法备案也在推广，能拿多少？",
            "在西城区依法经营",
        ),
        ("我是个人独立开发者，做了一个数据清洗小工具，也在推广，有三项算法备案，能申请吗？", "个人不能申请"),
        ("公司还没注册，我们团队租了云厂商的GPU训练医疗大模型，能拿算力券吗", "个人不能申请"),
        ("我们不在西城，承接了国家部委主办的数据论坛，花了300万，能拿多少", "在西城区依法经营"),
        # Another place as the unit's own, by its name (one list of places, in the rules file).
        (
            "我们是杭州的公司，有3项生成式人工智能服务国家级备案，产品也都在推广，西城这个每项备案的奖励外地企业能拿吗？",
            "在西城区依法经营",
        ),
        ("注册和办公都在丰台，租外面云厂商的GPU训练风控大模型，能申请西城的算力券吗？", "在西城区依法经营"),
        ("我们不在北京，做数据交易平台运营的，能拿多少？", "在西城区依法经营"),
    ],
)
def test_an_asker_the_policy_does_not_cover_gets_the_clause_and_no_award(
    service: Service, composer: OfflineComposer, question: str, reason: str
) -> None:
    draft = composer.compose(question)
    assert draft.status == "answered"
    assert draft.calculation is None and not draft.supporting and not draft.totals
    assert draft.citations[0].clause_id == "第一条"
    assert reason in draft.answer
    grounded(service, composer, draft)


@pytest.mark.parametrize(
    "question",
    [
        "我们公司注册在西城，拿了两项国家级算法备案也在推广，能拿多少？",
        # Said both ways: nothing is taken from it.
        "我们在西城没有办公室，但注册在西城，有两项算法备案在推广，能拿多少",
        # Where an event is held says nothing of where the unit is.
        "这个活动不在西城办，我们承接了国家部委主办的数据论坛，花了300万，能拿多少",
        # Another place or a person said of something else than the unit.
        "我们公司注册在中关村科技园区西城园，有3项生成式人工智能服务备案，都已经上线推广了，能拿多少？",
        "公司在西城，数据中心在贵阳，客户很多是外地企业，有两项算法备案在推广，能拿多少？",
        "原来注册在海淀，今年已经迁入西城，有两项算法备案在推广，能拿多少？",
        "平台上的标注员大多是自由职业者，我们有两项算法备案在推广，能拿多少？",
        "我是个人独资企业的负责人，企业在西城，有两项算法备案在推广，能拿多少？",
        # A parent elsewhere is not the unit's own place.
        "我们是深圳一家集团在西城注册的全资子公司，有两项算法备案在推广，能拿多少？",
        # Asked of the district, not said of the unit.
        "西城没有类似的补贴吗？我们有两项算法备案在推广",
    ],
)
def test_a_unit_in_xicheng_or_one_unsaid_still_gets_its_award(
    composer: OfflineComposer, question: str
) -> None:
    draft = composer.compose(question)
    assert draft.calculation is not None and draft.calculation.eligible


def test_the_applicant_is_read_with_the_rules_own_mechanism() -> None:
    applicant = load_rulebook(REPO_ROOT / "corpus").applicant
    assert applicant is not None
    assert read_inputs(applicant, "注册地不在西城，在海淀") == {"in_xicheng": False}
    assert read_inputs(applicant, "我们是西城区的企业") == {"in_xicheng": True}
    assert read_inputs(applicant, "我们在西城没有办公室，但注册在西城") == {}
    assert read_inputs(applicant, "我以个人名义申请") == {"is_unit": False}
