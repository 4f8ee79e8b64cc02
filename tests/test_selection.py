"""Content selection: fair shares, central sentences, no redundancy, original order."""

from summarizer.selection import extractive_summary, fair_shares, select


def test_fair_shares_give_short_articles_all_they_need_and_split_the_rest():
    assert fair_shares([100, 1000, 1000], 900) == [100, 400, 400]
    assert fair_shares([50, 50], 1000) == [50, 50]
    assert fair_shares([], 10) == []


def test_fair_shares_never_exceed_the_budget():
    shares = fair_shares([300, 20, 999, 5, 640], 777)
    assert sum(shares) <= 777 and all(s >= 0 for s in shares)


def test_articles_that_fit_are_kept_whole():
    chosen = select(["Short one. Really short.", "Also short."], 100)
    assert all(c.complete for c in chosen)
    assert chosen[0].text.replace("\n", " ") == "Short one. Really short."


def test_selection_prefers_sentences_about_the_shared_topic():
    on_topic = [f"The harbor bridge closed after engineers found cracks in span {i}." for i in range(6)]
    off_topic = "A recipe for lemon cake needs butter, sugar and eggs from the market."
    article = " ".join(on_topic[:3] + [off_topic] + on_topic[3:])
    other = " ".join(on_topic)
    chosen = select([article, other], 40)
    assert "lemon cake" not in chosen[0].text


def test_near_duplicate_sentences_are_not_selected_twice():
    same = "Officials said the dam on the Vell river was repaired by Tuesday evening."
    extra = " Extra detail about pumps and crews at the site was given by the county engineer."
    chosen = select([same + extra, same + " Residents returned home the next morning in buses."], 30)
    assert " ".join(c.text for c in chosen).count("repaired by Tuesday") == 1


def test_extractive_summary_respects_the_word_limit_and_order():
    text = " ".join(f"Sentence {i} tells that the mayor opened the new library wing {i}." for i in range(20))
    summary = extractive_summary([text], 30)
    assert 0 < len(summary.split()) <= 30
    numbers = [int(w) for w in summary.split() if w.isdigit()]
    assert numbers == sorted(numbers)


def test_an_article_whose_share_is_below_one_sentence_still_contributes():
    long_sentence = "The council voted to rebuild the old pier with stone from the northern quarry. "
    chosen = select([long_sentence * 3, "Fishing boats returned to the pier. " * 3], 12)
    assert all(c.text for c in chosen)
    assert sum(len(c.text.split()) for c in chosen) <= 14  # the cut sentence carries a trailing "…"
