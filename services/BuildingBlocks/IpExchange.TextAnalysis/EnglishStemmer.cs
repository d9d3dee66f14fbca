namespace IpExchange.TextAnalysis;

/// <summary>
/// Porter's suffix-stripping stemmer (1980), so that "coatings", "coated" and "coating" meet, and a
/// demand's "sintered" finds a listing's "sintering". Written out here rather than taken from a
/// package: the algorithm is short and fixed, and the analyzer needs no more of a search library.
/// Input is one lower-case ASCII word; anything else is returned unchanged.
/// </summary>
public static class EnglishStemmer
{
    public static string Stem(string word)
    {
        if (word.Length <= 2 || !word.All(c => c is >= 'a' and <= 'z'))
        {
            return word;
        }

        var w = new Word(word);
        w.Step1A();
        w.Step1B();
        w.Step1C();
        w.Step2();
        w.Step3();
        w.Step4();
        w.Step5();
        return w.ToString();
    }

    private sealed class Word(string word)
    {
        private char[] b = word.ToCharArray();
        private int k = word.Length - 1; // last index of the current word
        private int j;                    // end of the stem once a suffix matched

        public override string ToString() => new(b, 0, k + 1);

        private bool IsConsonant(int i) => b[i] switch
        {
            'a' or 'e' or 'i' or 'o' or 'u' => false,
            'y' => i == 0 || !IsConsonant(i - 1),
            _ => true,
        };

        /// <summary>m(): the number of vowel-consonant sequences in b[0..j].</summary>
        private int Measure()
        {
            var n = 0;
            var i = 0;
            while (true)
            {
                if (i > j) return n;
                if (!IsConsonant(i)) break;
                i++;
            }

            i++;
            while (true)
            {
                while (true)
                {
                    if (i > j) return n;
                    if (IsConsonant(i)) break;
                    i++;
                }

                i++;
                n++;
                while (true)
                {
                    if (i > j) return n;
                    if (!IsConsonant(i)) break;
                    i++;
                }

                i++;
            }
        }

        private bool VowelInStem()
        {
            for (var i = 0; i <= j; i++)
            {
                if (!IsConsonant(i)) return true;
            }

            return false;
        }

        private bool DoubleConsonant(int i) => i >= 1 && b[i] == b[i - 1] && IsConsonant(i);

        /// <summary>cvc(i): consonant-vowel-consonant ending at i, the last not w, x or y (hop → hope).</summary>
        private bool Cvc(int i)
        {
            if (i < 2 || !IsConsonant(i) || IsConsonant(i - 1) || !IsConsonant(i - 2)) return false;
            return b[i] is not ('w' or 'x' or 'y');
        }

        private bool Ends(string s)
        {
            var l = s.Length;
            var o = k - l + 1;
            if (o < 0) return false;
            for (var i = 0; i < l; i++)
            {
                if (b[o + i] != s[i]) return false;
            }

            j = k - l;
            return true;
        }

        private void SetTo(string s)
        {
            var l = s.Length;
            var o = j + 1;
            if (o + l > b.Length)
            {
                Array.Resize(ref b, o + l);
            }

            for (var i = 0; i < l; i++)
            {
                b[o + i] = s[i];
            }

            k = j + l;
        }

        private void Replace(string s)
        {
            if (Measure() > 0) SetTo(s);
        }

        public void Step1A()
        {
            if (b[k] != 's') return;
            if (Ends("sses")) k -= 2;
            else if (Ends("ies")) SetTo("i");
            else if (k >= 1 && b[k - 1] != 's') k--;
        }

        public void Step1B()
        {
            if (Ends("eed"))
            {
                if (Measure() > 0) k--;
            }
            else if ((Ends("ed") || Ends("ing")) && VowelInStem())
            {
                k = j;
                if (Ends("at")) SetTo("ate");
                else if (Ends("bl")) SetTo("ble");
                else if (Ends("iz")) SetTo("ize");
                else if (DoubleConsonant(k))
                {
                    k--;
                    if (b[k] is 'l' or 's' or 'z') k++;
                }
                else if (Measure() == 1 && Cvc(k))
                {
                    SetTo("e");
                }
            }
        }

        public void Step1C()
        {
            if (Ends("y") && VowelInStem()) b[k] = 'i';
        }

        private static readonly (string Suffix, string Replacement)[] Step2Rules =
        [
            ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"), ("bli", "ble"),
            ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"), ("ation", "ate"),
            ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"),
            ("iviti", "ive"), ("biliti", "ble"), ("logi", "log"),
        ];

        private static readonly (string Suffix, string Replacement)[] Step3Rules =
        [
            ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
        ];

        private static readonly string[] Step4Suffixes =
        [
            "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize",
        ];

        public void Step2()
        {
            if (k == 0) return;
            foreach (var (suffix, replacement) in Step2Rules)
            {
                if (Ends(suffix))
                {
                    Replace(replacement);
                    return;
                }
            }
        }

        public void Step3()
        {
            foreach (var (suffix, replacement) in Step3Rules)
            {
                if (Ends(suffix))
                {
                    Replace(replacement);
                    return;
                }
            }
        }

        public void Step4()
        {
            if (k < 1) return;
            foreach (var suffix in Step4Suffixes)
            {
                if (!Ends(suffix)) continue;
                if (suffix == "ion" && !(j >= 0 && b[j] is 's' or 't')) return;
                if (Measure() > 1) k = j;
                return;
            }
        }

        public void Step5()
        {
            j = k;
            if (b[k] == 'e')
            {
                var m = Measure();
                if (m > 1 || (m == 1 && !Cvc(k - 1))) k--;
            }

            if (b[k] == 'l' && DoubleConsonant(k) && Measure() > 1) k--;
        }
    }
}
