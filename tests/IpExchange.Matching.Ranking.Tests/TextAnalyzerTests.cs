using IpExchange.TextAnalysis;

namespace IpExchange.Matching.Ranking.Tests;

public sealed class TextAnalyzerTests
{
    private static List<AnalyzedTerm> Terms(string text) => Vocabulary.Analyzer.Analyze(text);

    private static int Concept(string chinese) => Vocabulary.Analyzer.Vocabulary.ConceptOfChinese(chinese)
        ?? throw new InvalidOperationException($"{chinese} is not in the vocabulary");

    [Fact]
    public void Technical_words_segment_whole_and_no_bigram_crosses_a_word_boundary()
    {
        var terms = Terms("一种梯度结构硬质合金刀片及其制备方法");
        Assert.Contains(terms, t => t.ConceptId == Concept("硬质合金") && t.Weight == AnalyzedTerm.Whole);
        Assert.DoesNotContain(terms, t => t.Surface == "质合");
        Assert.DoesNotContain(terms, t => t.Surface is "一种" or "及其" or "方法");
    }

    [Fact]
    public void Function_words_are_not_terms()
    {
        Assert.Empty(Terms("通过采用获得以及"));
        Assert.Empty(Terms("a method and a device based on the system"));
    }

    [Fact]
    public void A_synonym_an_English_name_and_an_abbreviation_are_one_concept()
    {
        var carbide = TextAnalyzer.ConceptKey(Concept("硬质合金"));
        Assert.Contains(Terms("废钨钢回收"), t => t.Key == carbide);
        Assert.Contains(Terms("cemented carbides for cutting"), t => t.Key == carbide);
        Assert.Contains(Terms("hardmetal inserts"), t => t.Key == carbide);
        Assert.Contains(Terms("WC-Co grades"), t => t.Key == carbide);

        var sic = TextAnalyzer.ConceptKey(Concept("碳化硅"));
        Assert.Contains(Terms("SiC devices"), t => t.Key == sic);
        Assert.Contains(Terms("silicon carbide"), t => t.Key == sic);
        Assert.Contains(Terms("碳化硅器件"), t => t.Key == sic);
    }

    [Fact]
    public void English_words_are_stemmed_so_inflections_meet()
    {
        var a = Terms("sintered coatings").Select(t => t.Key).ToHashSet();
        var b = Terms("sintering coating").Select(t => t.Key).ToHashSet();
        Assert.Equal(a, b);
        Assert.Equal("sinter", EnglishStemmer.Stem("sintering"));
        Assert.Equal("corrug", EnglishStemmer.Stem("corrugation"));
    }

    [Fact]
    public void The_longest_phrase_wins_and_short_abbreviations_need_their_case()
    {
        var sps = Terms("spark plasma sintering");
        Assert.Contains(sps, t => t.ConceptId == Concept("放电等离子烧结") && t.Weight == AnalyzedTerm.Whole);
        Assert.Contains(sps, t => t.ConceptId == Concept("等离子") && t.Weight == AnalyzedTerm.Inner);

        Assert.DoesNotContain(Terms("what do we do"), t => t.ConceptId == Concept("溶解氧"));
        Assert.Contains(Terms("low DO at night"), t => t.ConceptId == Concept("溶解氧"));
    }

    [Fact]
    public void A_word_inside_a_longer_word_counts_at_half_weight()
    {
        var terms = Terms("牵引变流器");
        Assert.Contains(terms, t => t.ConceptId == Concept("牵引变流器") && t.Weight == AnalyzedTerm.Whole);
        Assert.Contains(terms, t => t.ConceptId == Concept("逆变器") && t.Weight == AnalyzedTerm.Inner);
    }

    [Fact]
    public void Written_words_keep_their_whole_forms_apart_from_the_words_inside_them()
    {
        var words = Vocabulary.Analyzer.AnalyzeWords("钨钢刀片 spark plasma sintering");
        var carbide = Assert.Single(words, w => w.Surface == "钨钢");
        Assert.Equal([TextAnalyzer.ConceptKey(Concept("硬质合金"))], carbide.Whole.Select(t => t.Key));
        var sps = Assert.Single(words, w => w.Surface == "spark plasma sintering");
        Assert.Single(sps.Whole);
        Assert.NotEmpty(sps.Parts);
        Assert.Equal(Vocabulary.Analyzer.Analyze("钨钢刀片 spark plasma sintering").Count, words.Sum(w => w.Whole.Count + w.Parts.Count));
    }

    [Fact]
    public void Search_lexemes_put_synonyms_under_one_name_and_need_every_written_word()
    {
        var search = new SearchLexemes(Vocabulary.Analyzer);
        Assert.Equal(search.Query("钨钢"), search.Query("硬质合金"));
        Assert.Equal(search.Query("cemented carbide"), search.Query("硬质合金"));
        Assert.Equal("('c:硬质合金')", search.Query("硬质合金"));
        Assert.Contains(" & ", search.Query("硬质合金 刀片"));
        Assert.Null(search.Query("  ，。 通过 "));

        // Quoted lexemes only: nothing typed is read as tsquery syntax.
        Assert.DoesNotContain("!", search.Query("'); DROP TABLE listings; -- & | !"));

        var vector = search.Vector('A', "硬质合金刀片", "硬质合金");
        Assert.StartsWith("'c:硬质合金':1A,", vector);
        Assert.Throws<ArgumentOutOfRangeException>(() => search.Vector('E', "x"));
    }
}
