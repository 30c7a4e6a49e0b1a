"""Topic profiles: the lexicon keeps congress terms whole, theme shares follow the text, and the
warehouse segments a document once per lexicon version."""
import dataclasses
import re
import shutil
from collections import Counter

import duckdb
import pytest

from conftest import CORPUS, ROOT, rows_of as rows
from etl import topics
from etl.warehouse import build

LEXICON = ROOT / "etl" / "lexicon"
NAMED_IN_THE_ISSUE = ["一府一委两院", "全过程人民民主", "代表联络站", "执法检查"]
# Contexts around a term, some of which tempt jieba to attach a neighbouring character.
CONTEXTS = ["{}", "常委会{}工作", "我们坚持{}，", "开展了{}和调研。", "进一步加强{}建设"]

ELDERLY_CARE = ("常委会听取和审议了市政府关于养老服务体系建设情况的报告。全市60岁以上老年人已达120万，"
                "老龄化程度不断加深。常委会组成人员建议大力发展居家养老和社区养老，推进医养结合，"
                "加快适老化改造。会议还审议了城市管理条例草案。")
ECOLOGY = ("常委会把生态环境保护作为监督重点，开展大气污染防治法执法检查。"
           "推动落实河长制、林长制，加强饮用水水源地保护。"
           "审议通过湿地保护条例，助力碳达峰碳中和。同时听取了教育工作情况报告。")
BUSINESS = ("常委会制定优化营商环境条例，保护市场主体合法权益。"
            "围绕民营经济发展开展专题询问，推动政务服务一网通办。"
            "代表们走访中小企业，帮助解决融资难题。")


@pytest.fixture(scope="module")
def profiler():
    return topics.profiler()


@pytest.mark.parametrize("term", sorted(set(NAMED_IN_THE_ISSUE) | set(topics.load_lexicon().terms)))
def test_domain_terms_stay_whole(profiler, term):
    for context in CONTEXTS:
        words = profiler.words(context.format(term))
        assert term in words, f"{term!r} cut as {words} in {context!r}"


def test_every_theme_term_is_cut_whole(profiler):
    broken = {}
    for theme in topics.load_lexicon().themes:
        for term in theme.terms:
            words = profiler.words(f"常委会关注{term}。")
            if term not in words:
                broken[term] = words
    assert not broken


@pytest.mark.parametrize("text, theme", [(ELDERLY_CARE, "elderly_care"), (ECOLOGY, "ecology"),
                                         (BUSINESS, "business_environment")])
def test_a_text_about_one_theme_scores_highest_on_it(profiler, text, theme):
    profile = profiler.profile(text)
    shares = {t.key: profile.themes[t.key] / profile.sentences for t in topics.load_lexicon().themes}
    best = max(shares, key=shares.get)
    assert best == theme, shares
    assert shares[theme] > 0.5 and all(v < shares[theme] for k, v in shares.items() if k != theme)


def test_a_share_counts_sentences_not_words(profiler):
    # four sentences, one of them about elderly care (named three times)
    profile = profiler.profile("今年审议法规三件。养老、养老服务和老年人工作得到加强。开展调研五次！听取报告两个；")
    assert profile.sentences == 4
    assert profile.themes["elderly_care"] == 1


def test_word_matching_is_whole_words(profiler):
    # 政治生态 (party discipline) is not ecology, though it contains 生态
    assert profiler.profile("持续净化政治生态。").themes["ecology"] == 0


def test_boilerplate_numbers_and_place_names_are_not_content(profiler):
    profile = profiler.profile("常委会召开会议12次，审议通过第十五届郑州市地方性法规3件，开展执法检查，第一是坚持。")
    assert "执法检查" in profile.terms and "地方性法规" in profile.terms
    for word in ("常委会", "会议", "12", "十五届", "郑州市", "郑州", "次", "是"):
        assert word not in profile.terms


def test_lexicon_version_follows_the_files(tmp_path):
    folder = tmp_path / "lexicon"
    shutil.copytree(LEXICON, folder)
    before = topics.load_lexicon(folder)
    topics.load_lexicon.cache_clear()
    (folder / "stopwords.txt").write_text((folder / "stopwords.txt").read_text(encoding="utf-8") + "\n新词\n",
                                          encoding="utf-8")
    after = topics.load_lexicon(folder)
    topics.load_lexicon.cache_clear()
    assert before.version != after.version and "新词" in after.stopwords


def test_a_broken_theme_file_names_itself(tmp_path):
    folder = tmp_path / "lexicon"
    shutil.copytree(LEXICON, folder)
    (folder / "themes.toml").write_text('[ecology]\nlabel_zh = "生态"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="themes.toml"):
        topics.load_lexicon(folder)


# -- in the warehouse ------------------------------------------------------------------------

SMALL = sorted(f for f in CORPUS.glob("*.txt") if f.stat().st_size < 100_000)   # the news articles


@pytest.fixture
def counted_profiles(monkeypatch):
    """The texts the profiler is asked to segment in this process (builds with workers=1)."""
    seen = []
    original = topics.Profiler.profile

    def profile(self, text):
        seen.append(text)
        return original(self, text)

    monkeypatch.setattr(topics.Profiler, "profile", profile)
    return seen




def test_an_unchanged_document_is_not_segmented_again(tmp_path, counted_profiles):
    db = tmp_path / "w.duckdb"
    first = build(SMALL[:2], db)
    units = rows(db, "SELECT count(*) FROM units")[0][0]
    assert first.documents_profiled == 2 and len(counted_profiles) == units > 0
    counted_profiles.clear()
    again = build(SMALL[:2], db)
    assert again.documents_profiled == 0 and counted_profiles == []
    more = build(SMALL, db)   # one new file: only its units are segmented
    new_units = rows(db, "SELECT count(*) FROM units")[0][0] - units
    assert more.documents_profiled == len(SMALL) - 2 and len(counted_profiles) == new_units


def test_a_new_lexicon_profiles_every_document_again(tmp_path, counted_profiles, monkeypatch):
    db = tmp_path / "w.duckdb"
    build(SMALL, db)
    counted_profiles.clear()
    edited = dataclasses.replace(topics.load_lexicon(), version="edited")
    monkeypatch.setattr(topics, "load_lexicon", lambda folder=None: edited)
    rebuilt = build(SMALL, db)
    assert rebuilt.documents_profiled == len(SMALL) and counted_profiles
    assert rows(db, "SELECT DISTINCT lexicon_version FROM topic_profiles") == [("edited",)]


def test_profiles_cover_every_unit_and_theme(tmp_path):
    db = tmp_path / "w.duckdb"
    build(SMALL, db)
    n_units, n_themes = rows(db, "SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM themes)")[0]
    assert n_themes == len(topics.load_lexicon().themes)
    assert rows(db, "SELECT count(*) FROM unit_themes")[0][0] == n_units * n_themes
    assert rows(db, "SELECT count(*) FROM unit_themes WHERE share < 0 OR share > 1") == [(0,)]
    assert rows(db, "SELECT count(DISTINCT unit_id) FROM unit_terms")[0][0] == n_units
    # the key and the reference the schema does not declare (their index costs more than the segmenting)
    assert rows(db, "SELECT count(*) FROM (SELECT unit_id, term FROM unit_terms GROUP BY ALL HAVING count(*) > 1)") == [(0,)]
    assert rows(db, "SELECT count(*) FROM unit_terms WHERE unit_id NOT IN (SELECT unit_id FROM units)") == [(0,)]
    stop = topics.load_lexicon().stopwords
    assert not stop & {t for (t,) in rows(db, "SELECT DISTINCT term FROM unit_terms")}
    assert rows(db, "SELECT max(rank) FROM unit_keywords")[0][0] <= 20


def test_parallel_and_serial_builds_store_the_same_profiles(tmp_path):
    serial, parallel = tmp_path / "serial.duckdb", tmp_path / "parallel.duckdb"
    build(SMALL, serial, workers=1)
    build(SMALL, parallel, workers=2)
    for table in ("unit_terms", "unit_themes"):
        sql = f"SELECT * FROM {table} ORDER BY ALL"
        assert rows(serial, sql) == rows(parallel, sql)


def test_a_replaced_document_takes_its_profiles_along(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    report = folder / "report.txt"
    shutil.copy(SMALL[0], report)
    db = tmp_path / "w.duckdb"
    build([report], db)
    report.write_text(SMALL[1].read_text(encoding="utf-8"), encoding="utf-8")
    build([report], db)
    orphans = rows(db, "SELECT count(*) FROM unit_terms WHERE unit_id NOT IN (SELECT unit_id FROM units)")
    assert orphans == [(0,)]
    assert rows(db, "SELECT count(*) FROM topic_profiles")[0][0] == 1


def test_a_warehouse_of_an_older_version_gains_profiles_on_the_next_build(tmp_path):
    db = tmp_path / "w.duckdb"
    build(SMALL, db)
    con = duckdb.connect(str(db))
    con.execute("DROP VIEW unit_keywords")
    for table in ("unit_terms", "unit_themes", "topic_profiles", "themes"):
        con.execute(f"DROP TABLE {table}")
    con.close()
    upgraded = build(SMALL, db)
    assert upgraded.files_unchanged == len(SMALL) and upgraded.documents_profiled == len(SMALL)
    assert rows(db, "SELECT count(DISTINCT unit_id) FROM unit_themes") == rows(db, "SELECT count(*) FROM units")


# The reference of the equivalence test: a unit's sentences end at these characters (the rule the
# module's docstring states), and a sentence is on a theme if jieba's own cut of it has a theme term.
SENTENCE_ENDS = re.compile("[。！？；!?;\n]")
SHARE_TOLERANCE = 0.01   # one point of share; the bundled corpus agrees exactly (jieba-rs is jieba's model)


def test_the_build_agrees_with_jieba_on_the_bundled_corpus(tmp_path, corpus_files):
    """Each unit's theme shares and its counts of the lexicon's domain terms, as the build stores them,
    against plain jieba (`lcut`, sentence by sentence, the same dictionary and domain terms): shares
    within SHARE_TOLERANCE, the same number of sentences, each domain term counted as often (so cut
    whole as often as jieba cuts it whole)."""
    import logging

    import jieba

    from etl import places

    db = tmp_path / "w.duckdb"
    build(corpus_files, db)
    lexicon = topics.load_lexicon()
    jieba.setLogLevel(logging.WARNING)
    reference = jieba.Tokenizer()
    theme_terms = {t.key: set(t.terms) for t in lexicon.themes}
    domain_terms = set(lexicon.terms).union(*theme_terms.values())
    for word in sorted(domain_terms):
        reference.add_word(word)
    counted = domain_terms - lexicon.stopwords - places.name_forms()   # the content words among them
    shares = {(u, theme): (n, total, share) for u, theme, n, total, share in rows(db, "SELECT * FROM unit_themes")}
    stored_terms = {(u, term): n for u, term, n in rows(db, "SELECT unit_id, term, count FROM unit_terms")}
    units = rows(db, "SELECT u.unit_id, d.text, u.line_start, u.line_end FROM units u JOIN documents d USING (document_id)")
    assert len(units) > 20
    terms_seen = 0
    for unit_id, text, first, last in units:
        sentences = [s for s in SENTENCE_ENDS.split("\n".join(text.split("\n")[first - 1:last]))
                     if re.search("[\u4e00-\u9fff]", s)]
        words = [set(reference.lcut(s)) for s in sentences]
        for theme, terms in theme_terms.items():
            on_theme = sum(1 for w in words if w & terms)
            n, total, share = shares[(unit_id, theme)]
            assert total == len(sentences), unit_id
            assert abs(share - on_theme / total) <= SHARE_TOLERANCE, (unit_id, theme, n, on_theme)
        term_counts = Counter(w for s in sentences for w in reference.lcut(s) if w in counted)
        for term in counted:
            assert stored_terms.get((unit_id, term), 0) == term_counts[term], (unit_id, term)
        terms_seen += len(term_counts)
    assert terms_seen > 100
