using System.Globalization;
using IpExchange.Contracts;
using IpExchange.Listing.Patents;
using IpExchange.ServiceDefaults;

namespace IpExchange.Listing.Seeding;

/// <summary>A fictional organisation of the demo: a university or institute, an enterprise, or the exchange centre.</summary>
public sealed record DemoOrganisation(string Id, string Name, string NameEn, string Region, string Role, string? Group);

/// <summary>
/// A fictional granted patent of a demo university, with a well-formed number (correct check
/// character). A design (外观设计) has a Locarno class, no IPC codes and no claims.
/// </summary>
public sealed record DemoPatent(
    string OwnerId,
    string Number,
    string Title,
    string? TitleEn,
    string Abstract,
    string? AbstractEn,
    IReadOnlyList<string> IpcCodes,
    PatentType Type,
    DateOnly FilingDate,
    DateOnly GrantDate,
    IReadOnlyList<string> Inventors,
    int ClaimsCount,
    string Industry,
    string? LocarnoClass = null);

/// <summary>
/// The demo catalogue: fictional universities, enterprises and an exchange centre in the provinces the
/// seed articles name, and some 230 patents spread evenly over the seven industries they name. Titles
/// and abstracts are composed from per-industry vocabularies (subject, improvement, application,
/// method), so they read like real Chinese patent texts without repeating one template. Pure data:
/// the same list on every run (a seeded <see cref="Random"/>), no I/O.
/// </summary>
public static class DemoCatalog
{
    public const int Seed = 20261122;

    public const string RailTransit = "轨道交通与电力电子";
    public const string HardMaterials = "硬质合金与超硬材料";
    public const string AeroEngines = "航空发动机";
    public const string Biomedicine = "生物医药";
    public const string NewMaterials = "新材料";
    public const string AgricultureAndFood = "农业与食品";
    public const string Environment = "环境工程";

    private const int PatentsPerIndustry = 33;

    /// <summary>No grant date after this day (the catalogue's "as of" date).</summary>
    private static readonly DateOnly LatestGrant = new(2026, 6, 30);

    public static IReadOnlyList<string> Industries { get; } =
        [RailTransit, HardMaterials, AeroEngines, Biomedicine, NewMaterials, AgricultureAndFood, Environment];

    public static IReadOnlyList<DemoOrganisation> Organisations { get; } =
    [
        // 高校院所
        new("org-swrtu", "西南轨道交通大学", "Southwest Rail Transit University", "四川", Roles.University, null),
        new("org-xdpe", "湘东电力电子技术研究院", "Xiangdong Institute of Power Electronics Technology", "湖南", Roles.University, null),
        new("org-xjhm", "湘江硬质材料研究院", "Xiangjiang Institute of Hard Materials", "湖南", Roles.University, null),
        new("org-bsap", "巴蜀航空动力研究所", "Bashu Aero-Power Research Institute", "重庆", Roles.University, null),
        new("org-jlmu", "嘉陵医药科技大学", "Jialing University of Medical Science and Technology", "重庆", Roles.University, null),
        new("org-jjbio", "锦江生物技术研究所", "Jinjiang Institute of Biotechnology", "四川", Roles.University, null),
        new("org-qtam", "钱塘新材料研究院", "Qiantang Institute of Advanced Materials", "浙江", Roles.University, null),
        new("org-hhpm", "黄海高分子材料研究院", "Huanghai Institute of Polymer Materials", "山东", Roles.University, null),
        new("org-tdau", "泰岱农业科技大学", "Taidai University of Agricultural Science and Technology", "山东", Roles.University, null),
        new("org-ymze", "云梦泽生态农业研究院", "Yunmengze Institute of Ecological Agriculture", "湖南", Roles.University, null),
        new("org-thest", "太湖环境科技大学", "Taihu University of Environmental Science and Technology", "江苏", Roles.University, null),

        // 企业 (two corporate groups with two members each, for the same-group bidding alerts)
        new("org-xtrail", "湘通轨道装备股份有限公司", "Xiangtong Rail Equipment Co., Ltd.", "湖南", Roles.Enterprise, "湘通集团"),
        new("org-xtsemi", "湘通功率半导体有限公司", "Xiangtong Power Semiconductor Co., Ltd.", "湖南", Roles.Enterprise, "湘通集团"),
        new("org-ljcc", "渌江硬质合金有限公司", "Lujiang Cemented Carbide Co., Ltd.", "湖南", Roles.Enterprise, "渌江矿冶集团"),
        new("org-ljtool", "渌江精密刀具有限公司", "Lujiang Precision Tools Co., Ltd.", "湖南", Roles.Enterprise, "渌江矿冶集团"),
        new("org-scaero", "山城航发动力科技有限公司", "Shancheng Aero-Engine Technology Co., Ltd.", "重庆", Roles.Enterprise, null),
        new("org-rjbio", "蓉锦生物制药股份有限公司", "Rongjin Biopharmaceutical Co., Ltd.", "四川", Roles.Enterprise, null),
        new("org-yjpoly", "甬江高分子材料有限公司", "Yongjiang Polymer Materials Co., Ltd.", "浙江", Roles.Enterprise, "甬江化工集团"),
        new("org-yjnem", "甬江新能源材料有限公司", "Yongjiang New Energy Materials Co., Ltd.", "浙江", Roles.Enterprise, "甬江化工集团"),
        new("org-lffood", "鲁丰农业食品有限公司", "Lufeng Agri-Food Co., Ltd.", "山东", Roles.Enterprise, null),
        new("org-sqenv", "苏清环保科技有限公司", "Suqing Environmental Technology Co., Ltd.", "江苏", Roles.Enterprise, null),

        // 交易中心
        new("org-exchange", "巴渝知识产权交易中心", "Bayu Intellectual Property Exchange Centre", "重庆", Roles.Exchange, null),
    ];

    public static IReadOnlyList<DemoPatent> Patents { get; } = Generate();

    /// <summary>Builds the patent list afresh; it equals <see cref="Patents"/> on every call.</summary>
    public static IReadOnlyList<DemoPatent> Generate() => new Generator(Seed).Run();

    private sealed class Generator(int seed)
    {
        private static readonly Term[] DesignPoints =
        [
            new("形状", "the shape"),
            new("形状与图案的结合", "the combination of shape and pattern"),
            new("形状、图案与色彩的结合", "the combination of shape, pattern and colour"),
        ];

        private static readonly Term[] DesignViews = [new("立体图", "the perspective view"), new("主视图", "the front view")];

        private static readonly string[] ForeignInventors = ["Thomas Keller", "Anna Bergmann", "Lukas Hoffmann", "Sophie Laurent", "David Mitchell", "Elena Rossi"];
        private const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃戴莫孔向汤";
        private static readonly string[] GivenNames =
            ("伟 芳 静 磊 强 军 勇 杰 涛 明 超 刚 斌 辉 鹏 浩 宇 峰 琳 婷 颖 昊 楠 晨 " +
             "建国 志强 晓东 海燕 文博 思远 子涵 嘉怡 俊杰 浩然 雨萱 梓轩 晓明 立新 振华 春梅 秀英 丽娟 建华 国庆 " +
             "红霞 永刚 晓峰 宏伟 德明 明辉 玉兰 家豪 欣怡 一鸣 天宇 学军 卫东 晓燕 雪梅 志刚 海涛 文静 俊峰 佳琪 " +
             "思琪 博文 亚楠 泽宇 诗涵 明轩 建军 新民 光辉 凤英 少华 国栋 长青 云飞 晓光 永红 宏亮 淑贞 敏华 立平").Split(' ');

        private readonly Random random = new(seed);
        private readonly HashSet<string> numbers = [];
        private readonly HashSet<string> titles = [];
        private readonly HashSet<Design> usedDesigns = [];
        private readonly Dictionary<string, List<string>> teams = [];

        public List<DemoPatent> Run()
        {
            foreach (var organisation in Organisations.Where(o => o.Role == Roles.University))
            {
                teams[organisation.Id] = Team();
            }

            var industries = Catalogue.All;
            var patents = new List<DemoPatent>(industries.Count * PatentsPerIndustry);
            for (var i = 0; i < industries.Count * PatentsPerIndustry; i++)
            {
                patents.Add(Next(industries[i % industries.Count], english: i % 5 is 0 or 3));
            }

            return patents;
        }

        private DemoPatent Next(Industry industry, bool english)
        {
            var roll = random.NextDouble();
            var type = roll < 0.77 ? PatentType.Invention : roll < 0.93 ? PatentType.UtilityModel : PatentType.Design;
            if (type == PatentType.UtilityModel && !industry.Families.Any(f => f.Subjects.Any(s => s.Device)))
            {
                type = PatentType.Invention;
            }

            if (type == PatentType.Design && industry.Designs.All(usedDesigns.Contains))
            {
                type = PatentType.Invention;
            }

            Text text;
            var attempts = 0;
            do
            {
                text = type == PatentType.Design ? DesignText(industry) : TechnicalText(industry, type);
                if (++attempts > 200)
                {
                    throw new InvalidOperationException($"The {industry.Name} vocabulary cannot make another unique title.");
                }
            }
            while (titles.Contains(text.Key) || text.Abstract.Length is < 80 or > 250 || text.Title.Length > 40);

            titles.Add(text.Key);
            var year = type switch
            {
                PatentType.Invention => 2012 + random.Next(13),
                PatentType.UtilityModel => 2017 + random.Next(8),
                _ => 2019 + random.Next(6),
            };
            var filing = new DateOnly(year, 1, 1).AddDays(random.Next(DateTime.IsLeapYear(year) ? 366 : 365));
            var grant = GrantDate(type, filing);
            var inventors = Inventors(text.Owner, english && text.TitleEn is not null);
            var claims = type switch
            {
                PatentType.Invention => random.NextDouble() switch
                {
                    < 0.05 => random.Next(3, 5),
                    < 0.88 => random.Next(5, 21),
                    _ => random.Next(21, 31),
                },
                PatentType.UtilityModel => random.Next(3, 11),
                _ => 0, // a design has no claims: its drawings are what it protects
            };

            return new DemoPatent(text.Owner, Number(type, year), text.Title, english ? text.TitleEn : null, text.Abstract,
                english ? text.AbstractEn : null, text.Ipc, type, filing, grant, inventors, claims, industry.Name, text.Locarno);
        }

        private string Number(PatentType type, int year)
        {
            var typeDigit = type switch { PatentType.Invention => '1', PatentType.UtilityModel => '2', _ => '3' };
            while (true)
            {
                var serial = random.Next(10_000, 2_000_000);
                var digits = string.Create(CultureInfo.InvariantCulture, $"{year:D4}{typeDigit}{serial:D7}");
                if (numbers.Add(digits))
                {
                    return $"ZL{digits}.{PatentNumber.CheckCharacter(digits)}";
                }
            }
        }

        /// <summary>One to four years after filing, and not after <see cref="LatestGrant"/>; utility models and designs are granted sooner.</summary>
        private DateOnly GrantDate(PatentType type, DateOnly filing)
        {
            var earliest = filing.AddYears(1);
            var latest = filing.AddYears(4) < LatestGrant ? filing.AddYears(4) : LatestGrant;
            if (type == PatentType.Invention)
            {
                var typical = filing.AddDays(540);
                if (typical < latest)
                {
                    earliest = typical;
                }
            }
            else if (earliest.AddDays(200) < latest)
            {
                latest = earliest.AddDays(200);
            }

            return earliest.AddDays(random.Next(latest.DayNumber - earliest.DayNumber + 1));
        }

        private List<string> Team()
        {
            var team = new List<string>();
            while (team.Count < 10)
            {
                var name = $"{Surnames[random.Next(Surnames.Length)]}{GivenNames[random.Next(GivenNames.Length)]}";
                if (!team.Contains(name))
                {
                    team.Add(name);
                }
            }

            return team;
        }

        private List<string> Inventors(string owner, bool jointLab)
        {
            var team = teams[owner];
            var count = random.NextDouble() switch { < 0.1 => 1, < 0.4 => 2, < 0.75 => 3, _ => 4 };
            var inventors = new List<string> { team[random.Next(3)] };
            while (inventors.Count < count)
            {
                var name = team[random.Next(team.Count)];
                if (!inventors.Contains(name))
                {
                    inventors.Add(name);
                }
            }

            if (jointLab && count >= 2 && random.NextDouble() < 0.15)
            {
                inventors[^1] = ForeignInventors[random.Next(ForeignInventors.Length)];
            }

            return inventors;
        }

        private Text DesignText(Industry industry)
        {
            var candidates = industry.Designs.Where(d => !usedDesigns.Contains(d)).ToList();
            var design = candidates[random.Next(candidates.Count)];
            usedDesigns.Add(design);
            var owners = industry.Families[0].Owners;
            var owner = owners[random.Next(owners.Count)];
            var point = Pick(DesignPoints);
            var view = Pick(DesignViews);
            var abstractZh = $"1．本外观设计产品的名称：{design.Zh}。2．本外观设计产品的用途：{design.UseZh}。3．本外观设计产品的设计要点：在于{point.Zh}。4．最能表明设计要点的图片或照片：{view.Zh}。";
            var abstractEn = $"1. Name of the product: {design.En}. 2. Use of the product: {design.UseEn}. 3. Design points: {point.En}. 4. The view that best shows the design points: {view.En}.";
            return new Text(owner, design.Zh, Capitalise(design.En), abstractZh, abstractEn, [], design.Zh, design.Locarno);
        }

        private Text TechnicalText(Industry industry, PatentType type)
        {
            var utility = type == PatentType.UtilityModel;
            var families = industry.Families.Where(f => !utility || f.Subjects.Any(s => s.Device)).ToList();
            var family = Pick(families);
            var owner = family.Owners[random.NextDouble() < 0.7 || family.Owners.Count == 1 ? 0 : 1 + random.Next(family.Owners.Count - 1)];
            var subjects = Enumerable.Range(0, family.Subjects.Count).Where(i => !utility || family.Subjects[i].Device).ToList();
            var index = Pick(subjects);
            var subject = family.Subjects[index];
            var features = family.Features.Where(f => Fits(f.Only, index) && (!utility || f.Structural)).ToList();
            var methods = family.Methods.Where(m => Fits(m.Only, index)).ToList();
            var metrics = family.Metrics.Where(m => Fits(m.Only, index)).ToList();
            var applications = subject.Applications ?? family.Applications ?? [];
            var kindZh = utility ? "本实用新型" : "本发明";
            var kindEn = utility ? "The utility model" : "The invention";
            var ipc = Ipc(subject.Ipc);

            var roll = random.NextDouble();
            if (!utility && methods.Count > 0 && (roll >= 0.68 || (features.Count == 0 && applications.Count == 0)))
            {
                return MethodText(family, owner, subject, Pick(methods), applications, ipc);
            }

            if (features.Count == 0 && applications.Count == 0)
            {
                throw new InvalidOperationException($"{subject.Zh} has neither an improvement nor an application to name it by.");
            }

            var featured = features.Count > 0 && (roll < (utility ? 0.55 : 0.38) || applications.Count == 0);
            var feature = features.Count == 0 ? null : Pick(features);
            var application = featured || applications.Count == 0 ? null : Pick(applications);
            var suffix = utility ? Suffix.None : Pick(subject.Suffixes ?? family.Suffixes);
            var metric = metrics.Count == 0 ? null : Pick(metrics);
            var metricValue = metric is null ? 0 : random.Next(metric.Min, metric.Max + 1);
            var opener = random.Next(3);

            string coreZh, coreEn;
            if (featured)
            {
                coreZh = $"{feature!.Zh}{subject.Zh}";
                coreEn = feature.En.Replace("{0}", subject.En, StringComparison.Ordinal);
            }
            else
            {
                coreZh = $"用于{application!.Zh}的{subject.Zh}";
                coreEn = $"{subject.En} for {application.En}";
            }

            if (feature?.Ipc is { } extra)
            {
                ipc.AddRange(Ipc(extra).Where(c => !ipc.Contains(c)));
            }

            var title = $"一种{coreZh}{suffix.Zh}";
            var titleEn = Capitalise(coreEn) + suffix.En;

            var sentencesZh = new List<string>
            {
                opener switch
                {
                    0 => $"{kindZh}公开了一种{coreZh}{suffix.Zh}。",
                    1 => $"{kindZh}涉及{family.DomainZh}技术领域，具体涉及一种{coreZh}{suffix.Zh}。",
                    _ => $"{kindZh}提供了一种{coreZh}{suffix.Zh}。",
                },
                $"所述{subject.Zh}{subject.PartsZh}。",
            };
            var nounEn = subject.Countable ? Article(coreEn) : coreEn;
            var sentencesEn = new List<string>
            {
                opener switch
                {
                    0 => $"{kindEn} discloses {nounEn}{suffix.EnBody}.",
                    1 => $"{kindEn} relates to the technical field of {family.DomainEn}, and in particular to {nounEn}{suffix.EnBody}.",
                    _ => $"{kindEn} provides {nounEn}{suffix.EnBody}.",
                },
                $"The {subject.En} {subject.PartsEn}.",
            };

            if (feature is not null)
            {
                sentencesZh.Add($"{feature.MechanismZh}。");
                sentencesEn.Add($"{Capitalise(feature.MechanismEn)}.");
                var useApplication = featured && applications.Count > 0 && (metric is null || random.NextDouble() < 0.5);
                if (useApplication)
                {
                    var use = Pick(applications);
                    sentencesZh.Add($"{kindZh}{feature.EffectZh}，特别适用于{use.Zh}。");
                    sentencesEn.Add($"As a result, {feature.EffectEn}, and the {subject.En} is particularly suitable for {use.En}.");
                }
                else if (metric is not null)
                {
                    sentencesZh.Add($"{kindZh}{feature.EffectZh}，经测试{metric.Zh.Replace("{0}", Invariant(metricValue), StringComparison.Ordinal)}。");
                    sentencesEn.Add($"As a result, {feature.EffectEn}; tests show that {metric.En.Replace("{0}", Invariant(metricValue), StringComparison.Ordinal)}.");
                }
                else
                {
                    sentencesZh.Add($"{kindZh}{feature.EffectZh}。");
                    sentencesEn.Add($"As a result, {feature.EffectEn}.");
                }
            }
            else if (metric is not null)
            {
                sentencesZh.Add($"经测试，{metric.Zh.Replace("{0}", Invariant(metricValue), StringComparison.Ordinal)}。");
                sentencesEn.Add($"Tests show that {metric.En.Replace("{0}", Invariant(metricValue), StringComparison.Ordinal)}.");
            }

            return new Text(owner, title, titleEn, string.Concat(sentencesZh), string.Join(' ', sentencesEn), ipc, coreZh);
        }

        private Text MethodText(Family family, string owner, Subject subject, Method method, IReadOnlyList<Term> applications, List<string> ipc)
        {
            var nameZh = method.Zh.Replace("{0}", subject.Zh, StringComparison.Ordinal);
            var nameEn = method.En.Replace("{0}", subject.Countable ? Article(subject.En) : subject.En, StringComparison.Ordinal);
            var title = (random.NextDouble() < 0.6 ? "一种" : "") + nameZh;
            var stepsZh = method.StepsZh.Replace("{0}", subject.Zh, StringComparison.Ordinal);
            var stepsEn = method.StepsEn.Replace("{0}", subject.En, StringComparison.Ordinal);
            var opener = random.Next(2) == 0
                ? ($"本发明公开了一种{nameZh}，包括以下步骤：{stepsZh}。", $"The invention discloses {Article(nameEn)}, comprising the steps of {stepsEn}.")
                : ($"本发明涉及{family.DomainZh}技术领域，提供了一种{nameZh}，包括：{stepsZh}。", $"The invention relates to the technical field of {family.DomainEn} and provides {Article(nameEn)}, comprising {stepsEn}.");
            string closingZh, closingEn;
            if (applications.Count == 0)
            {
                (closingZh, closingEn) = ($"该方法{method.EffectZh}。", $"The method {method.EffectEn}.");
            }
            else
            {
                var use = Pick(applications);
                (closingZh, closingEn) = ($"该方法{method.EffectZh}，可用于{use.Zh}。", $"The method {method.EffectEn} and can be applied to {use.En}.");
            }
            return new Text(owner, title, Capitalise(nameEn), opener.Item1 + closingZh, $"{opener.Item2} {closingEn}", ipc, nameZh);
        }

        private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        private static bool Fits(string? only, int index) =>
            only is null || only.Split(',').Contains(index.ToString(CultureInfo.InvariantCulture));

        private static List<string> Ipc(string codes) => [.. codes.Split(';')];

        private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

        /// <summary>
        /// "a" or "an" before an English noun phrase, by its sound: a vowel letter ("uni…", "use…", "one…"
        /// excepted), or an acronym read letter by letter whose first letter sounds like one ("an mRNA", "an SCR").
        /// </summary>
        private static string Article(string phrase)
        {
            var acronym = phrase.Length > 1 && (char.IsUpper(phrase[1]) || phrase.StartsWith("mRNA", StringComparison.Ordinal));
            var vowel = acronym
                ? "AEFHILMNORSX".Contains(char.ToUpperInvariant(phrase[0]), StringComparison.Ordinal)
                : "aeiouAEIOU".Contains(phrase[0], StringComparison.Ordinal)
                    && !phrase.StartsWith("uni", StringComparison.OrdinalIgnoreCase)
                    && !phrase.StartsWith("use", StringComparison.OrdinalIgnoreCase)
                    && !phrase.StartsWith("one", StringComparison.OrdinalIgnoreCase);
            return (vowel ? "an " : "a ") + phrase;
        }
    }

    /// <summary>A composed patent text. Key is what must be unique: the title's core, without "一种" and the "及其…方法" tail.</summary>
    private sealed record Text(string Owner, string Title, string TitleEn, string Abstract, string AbstractEn, List<string> Ipc, string Key, string? Locarno = null);

    private sealed record Term(string Zh, string En);

    /// <summary>
    /// What a patent is about. <see cref="PartsZh"/>/<see cref="PartsEn"/> are predicates that follow the
    /// subject ("所述牵引变流器" + "包括…"); Ipc is ";"-separated; Device subjects may be utility models.
    /// Applications and Suffixes, when given, replace the family's.
    /// </summary>
    private sealed record Subject(string Zh, string En, bool Countable, bool Device, string Ipc, string PartsZh, string PartsEn, IReadOnlyList<Term>? Applications = null, IReadOnlyList<Suffix>? Suffixes = null);

    /// <summary>
    /// An improvement: <see cref="Zh"/> precedes the subject in a title, <see cref="En"/> is a pattern
    /// with {0} for it. The mechanism is a sentence; the effect follows "本发明" / "As a result,".
    /// Only lists the subject indexes it fits ("0,2"); Structural ones may head utility models.
    /// </summary>
    private sealed record Feature(string Zh, string En, string MechanismZh, string MechanismEn, string EffectZh, string EffectEn, bool Structural, string? Only = null, string? Ipc = null);

    /// <summary>A method claimed on a subject: names and steps use {0} for the subject; the effect follows "该方法" / "The method".</summary>
    private sealed record Method(string Zh, string En, string StepsZh, string StepsEn, string EffectZh, string EffectEn, string? Only = null);

    /// <summary>A measured result: {0} is a number drawn from Min..Max.</summary>
    private sealed record Metric(string Zh, string En, int Min, int Max, string? Only = null);

    private sealed record Suffix(string Zh, string En, string EnBody)
    {
        public static Suffix None { get; } = new("", "", "");

        public static Suffix Control { get; } = new("及其控制方法", " and control method thereof", " and a control method therefor");

        public static Suffix Preparation { get; } = new("及其制备方法", " and preparation method thereof", " and a preparation method therefor");

        public static Suffix PreparationAndUse { get; } = new("、制备方法及其应用", ", preparation method therefor and use thereof", ", a preparation method therefor and use thereof");

        public static Suffix Use { get; } = new("及其应用", " and use thereof", " and use thereof");

        public static Suffix Manufacturing { get; } = new("及其制造方法", " and manufacturing method thereof", " and a manufacturing method therefor");

        public static Suffix Assembly { get; } = new("及其装配方法", " and assembly method thereof", " and an assembly method therefor");

        public static Suffix DesignMethod { get; } = new("及其设计方法", " and design method thereof", " and a design method therefor");

        public static Suffix Operating { get; } = new("及其运行方法", " and operating method thereof", " and an operating method therefor");

        public static Suffix MethodOfUse { get; } = new("及其使用方法", " and method of use thereof", " and a method of using the same");
    }

    private sealed record Family(
        string DomainZh,
        string DomainEn,
        IReadOnlyList<string> Owners,
        IReadOnlyList<Subject> Subjects,
        IReadOnlyList<Feature> Features,
        IReadOnlyList<Method> Methods,
        IReadOnlyList<Metric> Metrics,
        IReadOnlyList<Suffix> Suffixes,
        IReadOnlyList<Term>? Applications = null);

    /// <summary>A design (外观设计): a product name, its use, and an IPC code of the product's field for the cockpit's grouping.</summary>
    private sealed record Design(string Zh, string En, string UseZh, string UseEn, string Locarno);

    private sealed record Industry(string Name, IReadOnlyList<Family> Families, IReadOnlyList<Design> Designs);

    /// <summary>The vocabularies, one industry per method.</summary>
    private static class Catalogue
    {
        public static IReadOnlyList<Industry> All { get; } = [Rail(), Hard(), Aero(), Bio(), Materials(), Agriculture(), EnvironmentIndustry()];

        private static Industry Rail() => new(RailTransit,
        [
            new("轨道交通电力电子", "rail transit power electronics", ["org-xdpe", "org-swrtu"],
                Subjects:
                [
                    new("牵引变流器", "traction converter", true, true, "H02M 7/5387;B61C 3/00",
                        "包括四象限整流单元、中间直流支撑电容、逆变单元和控制单元", "comprises a four-quadrant rectifier unit, an intermediate DC-link capacitor, an inverter unit and a control unit"),
                    new("辅助变流器", "auxiliary converter", true, true, "H02M 5/458;B60L 1/00",
                        "包括输入滤波电路、高频隔离DC-DC变换单元、三相逆变单元和输出滤波单元", "comprises an input filter circuit, a high-frequency isolated DC-DC conversion unit, a three-phase inverter unit and an output filter unit"),
                    new("三电平逆变器", "three-level inverter", true, true, "H02M 7/487;H02M 1/32",
                        "包括直流侧分压电容、中点钳位桥臂以及驱动与保护电路", "comprises DC-side voltage-dividing capacitors, neutral-point-clamped bridge legs and a drive and protection circuit"),
                    new("双向DC-DC变换器", "bidirectional DC-DC converter", true, true, "H02M 3/158;H02J 7/34",
                        "包括交错并联的功率桥臂、耦合电感和双向电流检测单元", "comprises interleaved power bridge legs, a coupled inductor and a bidirectional current sensing unit"),
                    new("储能变流器", "energy storage converter", true, true, "H02J 3/32;H02M 7/5387",
                        "包括电池侧双向变换单元、直流母线、并网逆变单元和能量管理单元", "comprises a battery-side bidirectional conversion unit, a DC bus, a grid-tied inverter unit and an energy management unit",
                        [new("储能式有轨电车", "energy-storage trams"), new("地铁再生制动能量回收", "recovery of regenerative braking energy in metro systems"), new("海上风电场储能", "energy storage at offshore wind farms")]),
                ],
                Features:
                [
                    new("基于碳化硅器件的", "{0} based on silicon carbide devices",
                        "功率开关器件采用碳化硅MOSFET，并通过低杂散电感叠层母排与驱动板就近连接以抑制关断过电压",
                        "the power switches are silicon carbide MOSFETs connected to the driver boards through a low-stray-inductance laminated busbar, which suppresses turn-off overvoltage",
                        "显著降低了开关损耗与装置体积重量", "switching losses, volume and weight are significantly reduced", true),
                    new("采用交错并联结构的", "{0} with an interleaved parallel structure",
                        "各相功率桥臂由多路交错并联支路组成，相邻支路的载波相位依次错开",
                        "each phase leg consists of several interleaved parallel branches whose carrier phases are shifted in sequence",
                        "减小了输出电流纹波和滤波器体积", "output current ripple and filter size are reduced", true),
                    new("具有有源钳位保护功能的", "{0} with active clamping protection",
                        "驱动电路在功率器件集电极与门极之间设置瞬态电压抑制支路，并在检测到过压时减缓关断过程",
                        "the gate driver provides a transient-voltage-suppression branch between the collector and the gate of each power device and slows down turn-off when an overvoltage is detected",
                        "避免了功率器件因过电压击穿失效", "breakdown of the power devices due to overvoltage is avoided", true),
                    new("基于模型预测控制的", "{0} based on model predictive control",
                        "控制单元根据离散化预测模型滚动计算各开关状态下的代价函数，并选取代价最小的开关状态输出",
                        "the control unit evaluates a cost function for each switching state with a discretised prediction model over a receding horizon and applies the switching state with the lowest cost",
                        "提升了动态响应速度并降低了电流谐波", "dynamic response is faster and current harmonics are reduced", false),
                    new("集成热管散热的", "{0} with integrated heat-pipe cooling",
                        "功率单元底部嵌装扁平热管阵列，热管冷凝端延伸至柜体外侧的翅片散热器",
                        "a flat heat-pipe array is embedded under the power unit, with the condensing ends of the heat pipes extending to a finned radiator outside the enclosure",
                        "取消了强迫风冷风机，降低了噪声与维护工作量", "the forced-air fan is eliminated, reducing noise and maintenance", true, Ipc: "H05K 7/20"),
                ],
                Methods:
                [
                    new("{0}的故障诊断方法", "fault diagnosis method for {0}",
                        "采集{0}运行过程中的电流、电压与温度信号，提取时频域特征后输入训练好的诊断模型，输出故障类型与故障位置",
                        "collecting current, voltage and temperature signals of the {0} in operation, extracting time- and frequency-domain features, inputting them into a trained diagnosis model, and outputting the fault type and location",
                        "实现了开路与短路故障的早期识别", "enables early detection of open-circuit and short-circuit faults"),
                    new("{0}的调制方法", "modulation method for {0}",
                        "根据直流侧电压与负载电流实时计算零序分量注入量，在低载波比工况下切换为同步分段调制，并对切换点进行相位平滑",
                        "calculating the zero-sequence injection in real time from the DC-side voltage and the load current, switching to synchronous segmented modulation at low carrier ratios, and smoothing the phase at the switching points",
                        "减小了低开关频率下的输出谐波", "reduces output harmonics at low switching frequencies", Only: "0,1,2,4"),
                    new("{0}的结温在线估计方法", "online junction temperature estimation method for {0}",
                        "测量{0}中功率器件的导通压降与负载电流，结合热网络模型计算各器件的实时结温，并据此调整开关频率",
                        "measuring the on-state voltage drop and load current of the power devices in the {0}, calculating the real-time junction temperature of each device with a thermal network model, and adjusting the switching frequency accordingly",
                        "延长了功率器件的使用寿命", "extends the service life of the power devices"),
                    new("{0}的寿命预测方法", "service life prediction method for {0}",
                        "统计{0}在实际线路运行中的温度循环载荷，采用雨流计数法提取循环幅值，并基于疲劳累积损伤模型计算剩余寿命",
                        "recording the thermal cycling load of the {0} in actual line operation, extracting cycle amplitudes by rainflow counting, and calculating the remaining service life with a cumulative fatigue damage model",
                        "为预防性维修提供了量化依据", "provides a quantitative basis for preventive maintenance"),
                ],
                Metrics:
                [
                    new("开关损耗降低{0}%以上", "switching losses are reduced by more than {0}%", 15, 45),
                    new("功率密度提高{0}%以上", "power density is increased by more than {0}%", 12, 40),
                    new("装置重量减轻{0}%左右", "the weight of the equipment is reduced by about {0}%", 10, 30),
                ],
                Suffixes: [Suffix.None, Suffix.Control],
                Applications:
                [
                    new("重载货运电力机车", "heavy-haul electric freight locomotives"),
                    new("城市轨道交通车辆", "urban rail transit vehicles"),
                    new("胶轮导轨电车", "rubber-tyred guided trams"),
                    new("储能式有轨电车", "energy-storage trams"),
                    new("高速动车组", "high-speed electric multiple units"),
                ]),
            new("轨道车辆", "rail vehicles", ["org-swrtu", "org-xdpe"],
                Subjects:
                [
                    new("转向架", "bogie", true, true, "B61F 5/38;B61F 5/52",
                        "包括构架、轮对轴箱装置、一系悬挂、二系悬挂和基础制动装置", "comprises a frame, wheelset and axle-box assemblies, a primary suspension, a secondary suspension and foundation brake equipment"),
                    new("永磁同步牵引电机", "permanent-magnet synchronous traction motor", true, true, "H02K 1/276;H02P 21/18",
                        "包括定子组件、内置式永磁转子、端盖以及轴承组件", "comprises a stator assembly, an interior permanent-magnet rotor, end shields and bearing assemblies"),
                    new("单臂受电弓", "single-arm pantograph", true, true, "B60L 5/26;B60L 5/28",
                        "包括底架、下臂杆、上框架、弓头和升弓气囊", "comprises a base frame, a lower arm, an upper frame, a pan head and a raising air bag"),
                    new("车载轨道检测装置", "on-board track inspection device", true, true, "B61K 9/08;B61L 23/04",
                        "包括惯性测量单元、激光轮廓传感器、线阵相机和数据处理单元", "comprises an inertial measurement unit, laser profile sensors, a line-scan camera and a data processing unit"),
                ],
                Features:
                [
                    new("具有在线状态监测功能的", "{0} with online condition monitoring",
                        "在关键部位布置振动、温度与应变传感器，采集数据经车载网关上传至地面运维平台",
                        "vibration, temperature and strain sensors are arranged at key positions, and the data are uploaded to a wayside maintenance platform through an on-board gateway",
                        "实现了故障的早期预警和状态修", "early fault warning and condition-based maintenance are achieved", true, Only: "0,1,2"),
                    new("轻量化", "lightweight {0}",
                        "主要承载件采用高强铝合金与碳纤维复合材料混合结构，并经拓扑优化去除低应力区材料",
                        "the main load-bearing parts use a hybrid structure of high-strength aluminium alloy and carbon-fibre composite, and material is removed from low-stress regions by topology optimisation",
                        "在满足强度与刚度要求的前提下减轻了整体重量", "overall weight is reduced while strength and stiffness requirements are met", true),
                    new("适应小半径曲线的", "{0} adapted to small-radius curves",
                        "前后轮对之间设置径向导向杆系，使轮对在曲线上自动趋于径向位置",
                        "a radial steering linkage is arranged between the front and rear wheelsets so that they automatically tend towards radial positions in curves",
                        "降低了曲线通过时的轮轨横向力和磨耗", "lateral wheel-rail forces and wear in curves are reduced", true, Only: "0"),
                    new("低噪声", "low-noise {0}",
                        "在主要振动传递路径上设置约束阻尼层与橡胶隔振元件，并对外露结构进行气动外形优化",
                        "constrained damping layers and rubber isolators are provided on the main vibration transmission paths, and exposed structures are given an optimised aerodynamic shape",
                        "降低了车辆运行时的振动与辐射噪声", "vibration and radiated noise during vehicle operation are reduced", true, Only: "0,1,2"),
                    new("油冷式", "oil-cooled {0}",
                        "转轴中心设置轴向油道，冷却油经转子端部甩油环喷淋至绕组端部后回流至油箱",
                        "an axial oil passage is provided in the centre of the shaft, and cooling oil is sprayed from a slinger ring at the rotor end onto the winding ends before returning to the sump",
                        "降低了绕组与永磁体温升，提高了持续功率", "temperature rise of the windings and magnets is reduced and continuous power is increased", true, Only: "1", Ipc: "H02K 9/19"),
                    new("基于机器视觉的", "{0} based on machine vision",
                        "线阵相机在激光线光源照明下连续采集钢轨与扣件图像，由深度卷积网络识别扣件缺失与轨面伤损",
                        "the line-scan camera continuously captures images of rails and fastenings under laser line illumination, and a deep convolutional network identifies missing fastenings and rail surface defects",
                        "提高了巡检效率与缺陷识别准确率", "inspection efficiency and defect recognition accuracy are improved", false, Only: "3"),
                ],
                Methods:
                [
                    new("{0}的健康状态评估方法", "health assessment method for {0}",
                        "在{0}上布置多源传感器获取运行数据，经特征融合后计算健康指数，并按阈值划分健康等级",
                        "acquiring operating data from multiple sensors arranged on the {0}, computing a health index after feature fusion, and grading the health state against thresholds",
                        "实现了设备状态的量化评估", "quantifies the condition of the equipment", Only: "0,1,2"),
                    new("{0}的优化设计方法", "optimised design method for {0}",
                        "建立{0}的参数化有限元模型，以关键工况下的应力与模态频率为约束、以质量最小为目标，采用代理模型与遗传算法迭代求解",
                        "building a parametric finite element model of the {0}, and iteratively solving for minimum mass with a surrogate model and a genetic algorithm, subject to stress and modal frequency constraints under key load cases",
                        "缩短了设计周期并减轻了结构重量", "shortens the design cycle and reduces structural weight", Only: "0,2"),
                    new("{0}的故障预警方法", "early fault warning method for {0}",
                        "采集{0}的振动信号，利用包络解调提取特征频率幅值，当幅值连续超过自适应阈值时发出预警",
                        "acquiring vibration signals of the {0}, extracting characteristic-frequency amplitudes by envelope demodulation, and issuing a warning when the amplitudes repeatedly exceed an adaptive threshold",
                        "降低了误报率", "reduces false alarms", Only: "0,1"),
                    new("基于{0}的轨道病害识别方法", "track defect identification method based on {0}",
                        "利用{0}同步采集轨道几何参数与表面图像，按里程对齐后融合判别轨距、高低与扣件病害，并生成维修工单",
                        "acquiring track geometry and surface images synchronously with the {0}, aligning them by chainage, jointly identifying gauge, vertical profile and fastening defects, and generating maintenance work orders",
                        "提高了线路巡检的自动化水平", "increases the automation of track inspection", Only: "3"),
                ],
                Metrics:
                [
                    new("整体重量减轻{0}%", "overall weight is reduced by {0}%", 8, 22, Only: "0,1,2"),
                    new("车内噪声降低{0}分贝", "interior noise is reduced by {0} dB", 2, 6, Only: "0,1,2"),
                    new("维护周期延长{0}%以上", "the maintenance interval is extended by more than {0}%", 20, 60),
                ],
                Suffixes: [Suffix.None, Suffix.Assembly],
                Applications:
                [
                    new("时速160公里市域列车", "160 km/h suburban trains"),
                    new("重载货运电力机车", "heavy-haul electric freight locomotives"),
                    new("胶轮导轨电车", "rubber-tyred guided trams"),
                    new("跨座式单轨车辆", "straddle-type monorail vehicles"),
                    new("城市地铁车辆", "metro vehicles"),
                ]),
        ],
        [
            new("轨道车辆司机操纵台", "driver's console for rail vehicles", "用于轨道车辆司机室内的列车操纵", "used in the driver's cab of rail vehicles to control the train", "12-16"),
            new("牵引变流器柜", "traction converter cabinet", "用于安装轨道车辆的牵引变流装置", "used to house the traction converter equipment of rail vehicles", "13-03"),
            new("城际动车组头车", "leading car of an intercity multiple unit", "用于城际铁路客运", "used for intercity railway passenger services", "12-03"),
            new("有轨电车", "tram", "用于城市公共交通客运", "used for urban public passenger transport", "12-03"),
        ]);

        private static Industry Hard() => new(HardMaterials,
        [
            new("硬质合金材料", "cemented carbide materials", ["org-xjhm", "org-qtam"],
                Subjects:
                [
                    new("超细晶硬质合金", "ultrafine-grained cemented carbide", true, false, "C22C 29/08;C22C 1/051",
                        "以质量百分比计包括碳化钨88%~93%、钴6%~10%以及碳化钒和碳化铬0.3%~1.0%", "comprises, in percentage by mass, 88%-93% of tungsten carbide, 6%-10% of cobalt and 0.3%-1.0% of vanadium carbide and chromium carbide"),
                    new("WC-Co硬质合金", "WC-Co cemented carbide", true, false, "C22C 29/08;B22F 3/10",
                        "以质量百分比计包括粒度为1.0~3.0微米的碳化钨82%~90%、钴8%~14%以及碳化钽铌1%~4%", "comprises, in percentage by mass, 82%-90% of tungsten carbide with a particle size of 1.0-3.0 μm, 8%-14% of cobalt and 1%-4% of tantalum niobium carbide"),
                    new("镍铁粘结相硬质合金", "cemented carbide with a nickel-iron binder", true, false, "C22C 29/067;C22C 1/051",
                        "以质量百分比计包括碳化钨85%~91%、镍铁合金粘结相8%~14%和钼0.5%~1.5%", "comprises, in percentage by mass, 85%-91% of tungsten carbide, 8%-14% of a nickel-iron binder and 0.5%-1.5% of molybdenum",
                        [new("耐腐蚀密封环", "corrosion-resistant seal rings"), new("石油钻采阀门零件", "valve parts for oil drilling and production"), new("盾构机刀具", "shield tunnelling machine cutters")]),
                    new("碳氮化钛基金属陶瓷", "titanium carbonitride-based cermet", true, false, "C22C 29/04;C22C 1/051",
                        "以质量百分比计包括碳氮化钛55%~70%、碳化钨10%~20%、碳化钼5%~10%以及镍钴粘结相10%~18%", "comprises, in percentage by mass, 55%-70% of titanium carbonitride, 10%-20% of tungsten carbide, 5%-10% of molybdenum carbide and 10%-18% of a nickel-cobalt binder",
                        [new("钢件高速精车", "high-speed finish turning of steel"), new("汽车零部件精密加工", "precision machining of automotive parts")]),
                ],
                Features:
                [
                    new("具有表层富钴梯度结构的", "{0} having a cobalt-enriched gradient surface layer",
                        "烧结时在气氛中通入氮气使表层立方相向内部迁移，形成厚度为10~40微米的富粘结相韧性层",
                        "nitrogen is introduced into the sintering atmosphere so that cubic phases near the surface migrate inward, forming a binder-enriched tough layer 10-40 μm thick",
                        "兼顾了表层韧性与芯部耐磨性，显著减少了涂层刀片的刃口崩损", "surface toughness and core wear resistance are both achieved, and edge chipping of coated inserts is markedly reduced", false, Only: "1,3"),
                    new("稀土改性的", "rare-earth-modified {0}",
                        "在混合料中添加0.05%~0.3%的氧化钇或氧化铈，稀土元素在粘结相中固溶并偏聚于相界处",
                        "0.05%-0.3% of yttrium oxide or cerium oxide is added to the powder mixture, and the rare-earth elements dissolve in the binder and segregate at phase boundaries",
                        "细化了晶粒并提高了抗弯强度和断裂韧性", "grains are refined and transverse rupture strength and fracture toughness are increased", false),
                    new("高耐磨", "highly wear-resistant {0}",
                        "采用板状晶碳化钨原料，并经低压烧结使碳化钨晶粒沿基面择优取向生长",
                        "platelet tungsten carbide is used as the raw material, and low-pressure sintering makes the tungsten carbide grains grow with a preferred basal-plane orientation",
                        "在不降低韧性的前提下提高了硬度与耐磨性", "hardness and wear resistance are increased without loss of toughness", false, Only: "0,1,2"),
                    new("耐腐蚀", "corrosion-resistant {0}",
                        "以镍铬合金部分替代钴粘结相，并添加微量碳化铬以形成致密钝化膜",
                        "part of the cobalt binder is replaced by a nickel-chromium alloy, and a small amount of chromium carbide is added to form a dense passive film",
                        "提高了合金在酸性和含氯介质中的耐蚀性", "corrosion resistance in acidic and chloride-containing media is improved", false, Only: "0,1,3"),
                    new("采用增材制造成形的", "additively manufactured {0}",
                        "采用粘结剂喷射打印成形复杂形状生坯，经脱脂后进行低压烧结致密化",
                        "green bodies of complex shape are formed by binder jetting, then debound and densified by low-pressure sintering",
                        "实现了复杂内冷结构的一体化成形", "complex internal cooling structures are formed in one piece", false, Only: "0,1", Ipc: "B22F 10/14"),
                ],
                Methods:
                [
                    new("{0}的低压烧结方法", "low-pressure sintering method for {0}",
                        "将{0}压坯在真空中脱蜡并升温至1380~1450℃，保温阶段充入4~6兆帕氩气进行加压烧结，随后以可控速率冷却",
                        "dewaxing green compacts of the {0} in vacuum, heating them to 1380-1450 °C, introducing argon at 4-6 MPa during the holding stage for pressure sintering, and then cooling at a controlled rate",
                        "消除了残余孔隙并抑制了晶粒异常长大", "eliminates residual porosity and suppresses abnormal grain growth"),
                    new("{0}混合料的制备方法", "method for preparing a powder mixture of {0}",
                        "将各组分原料按配比湿磨混合，以无水乙醇为球磨介质并加入2%石蜡作为成形剂，料浆经喷雾干燥制成流动性良好的球形颗粒",
                        "wet-milling the raw materials in the specified proportions with anhydrous ethanol as the milling medium and 2% paraffin as the forming agent, and spray-drying the slurry into free-flowing spherical granules",
                        "提高了压制成形的一致性", "improves the consistency of pressing"),
                    new("{0}的磁性能无损检测方法", "non-destructive magnetic testing method for {0}",
                        "测量{0}试样的磁饱和强度与矫顽磁力，代入预先标定的回归模型，计算碳含量与平均晶粒度",
                        "measuring the magnetic saturation and coercivity of samples of the {0}, and calculating the carbon content and mean grain size with a pre-calibrated regression model",
                        "实现了批量产品的快速无损分选", "enables fast non-destructive sorting of production batches"),
                ],
                Metrics:
                [
                    new("抗弯强度提高{0}%以上", "transverse rupture strength is increased by more than {0}%", 10, 30),
                    new("刀具寿命延长{0}%", "tool life is extended by {0}%", 30, 120),
                    new("断裂韧性提高{0}%", "fracture toughness is increased by {0}%", 10, 35),
                ],
                Suffixes: [Suffix.None, Suffix.Preparation, Suffix.Preparation, Suffix.PreparationAndUse],
                Applications:
                [
                    new("高温合金精加工", "finish machining of superalloys"),
                    new("盾构机刀具", "shield tunnelling machine cutters"),
                    new("矿山凿岩钻头", "rock drilling bits for mining"),
                    new("印制电路板微型钻头", "printed circuit board micro drills"),
                    new("冷镦模具", "cold heading dies"),
                ]),
            new("切削与凿岩工具", "cutting and rock-drilling tools", ["org-xjhm"],
                Subjects:
                [
                    new("硬质合金刀片", "cemented carbide cutting insert", true, true, "B23B 27/14;C23C 14/06",
                        "包括刀片基体、断屑槽、钝化刃口以及沉积于基体表面的多层硬质涂层", "comprises an insert body, chip-breaking grooves, a honed cutting edge and a multilayer hard coating deposited on the body",
                        [new("钛合金航空结构件加工", "machining titanium alloy aircraft structural parts"), new("灰铸铁发动机缸体加工", "machining grey cast iron engine blocks")]),
                    new("整体硬质合金立铣刀", "solid carbide end mill", true, true, "B23C 5/10;B23C 5/28",
                        "包括柄部、切削部以及沿切削部螺旋分布的不等齿距刀齿", "comprises a shank, a cutting portion and unequally pitched teeth arranged helically along the cutting portion",
                        [new("淬硬钢模具精加工", "finish machining of hardened steel moulds"), new("钛合金航空结构件加工", "machining titanium alloy aircraft structural parts")]),
                    new("聚晶立方氮化硼刀具", "polycrystalline cubic boron nitride cutting tool", true, true, "B23B 27/14;C04B 35/5831",
                        "包括硬质合金基体以及通过高温高压烧结于基体上的立方氮化硼聚晶层", "comprises a cemented carbide substrate and a polycrystalline cubic boron nitride layer sintered onto the substrate at high temperature and pressure",
                        [new("淬硬钢模具精加工", "finish machining of hardened steel moulds"), new("灰铸铁发动机缸体加工", "machining grey cast iron engine blocks")]),
                    new("凿岩钎头", "rock drill bit", true, true, "E21B 10/56;E21B 10/46",
                        "包括钎头体、分布于端面的球齿和保径齿以及排粉槽", "comprises a bit body, spherical buttons and gauge buttons on the end face, and flushing grooves",
                        [new("硬岩隧道掘进", "hard-rock tunnelling"), new("露天矿山台阶爆破钻孔", "blast-hole drilling on open-pit mine benches")]),
                    new("硬质合金冷镦模具", "cemented carbide cold heading die", true, true, "B21J 13/02;C22C 29/08",
                        "包括硬质合金模芯、预应力钢套以及模芯与钢套之间的过盈配合层", "comprises a cemented carbide die core, a prestressed steel casing and an interference-fit layer between the core and the casing",
                        [new("紧固件冷镦成形", "cold heading of fasteners"), new("汽车标准件批量生产", "volume production of automotive standard parts")]),
                ],
                Features:
                [
                    new("带内冷通道的", "{0} with internal cooling channels",
                        "工具内部设置螺旋形内冷通道，冷却液由出口直接喷射至切削或接触区域",
                        "helical internal cooling channels are provided inside the tool, and coolant is sprayed directly onto the cutting or contact zone from the outlets",
                        "降低了工作区温度并改善了排屑", "the temperature of the working zone is reduced and chip evacuation is improved", true, Only: "0,1,2,3"),
                    new("具有纳米多层涂层的", "{0} with a nanolayered coating",
                        "表面采用物理气相沉积交替沉积AlTiN与AlCrN纳米层，调制周期为5~15纳米",
                        "AlTiN and AlCrN nanolayers are alternately deposited on the surface by physical vapour deposition with a modulation period of 5-15 nm",
                        "提高了涂层硬度与抗氧化温度", "coating hardness and oxidation resistance temperature are increased", true, Only: "0,1,4", Ipc: "C23C 14/0641"),
                    new("具有负倒棱刃口的", "{0} with a negatively chamfered cutting edge",
                        "切削刃设置宽度为0.05~0.15毫米、角度为15°~25°的负倒棱，并经刷磨钝化处理",
                        "the cutting edge has a negative land 0.05-0.15 mm wide at 15°-25° and is honed by brushing",
                        "提高了断续切削时刃口的抗冲击能力", "impact resistance of the edge in interrupted cutting is improved", true, Only: "0,1,2"),
                    new("采用梯度硬质合金基体的", "{0} with a graded cemented carbide substrate",
                        "基体由芯部高钴韧性层和表层低钴耐磨层组成，两层之间钴含量连续过渡",
                        "the substrate consists of a tough high-cobalt core and a wear-resistant low-cobalt surface layer with a continuous transition of cobalt content between them",
                        "兼顾了抗冲击性与耐磨性", "impact resistance and wear resistance are both achieved", true),
                    new("不等螺旋角", "{0} with variable helix angles",
                        "相邻刀齿的螺旋角在35°~42°之间交替变化，并配合不等分齿距设计",
                        "the helix angles of adjacent teeth alternate between 35° and 42°, combined with unequal tooth pitch",
                        "有效抑制了切削颤振", "chatter during cutting is effectively suppressed", true, Only: "1"),
                ],
                Methods:
                [
                    new("{0}的刃口钝化处理方法", "edge honing method for {0}",
                        "将{0}装夹于行星转盘，在含碳化硅磨料的尼龙刷中以设定转速与倾角往复刷磨，并在线测量刃口圆角半径直至达到目标值",
                        "mounting the {0} on a planetary turntable, brushing it back and forth with nylon brushes loaded with silicon carbide abrasive at a set speed and inclination, and measuring the edge radius online until the target value is reached",
                        "提高了刃口一致性", "improves edge consistency", Only: "0,1,2"),
                    new("{0}磨损状态监测方法", "wear monitoring method for {0}",
                        "采集机床主轴功率与切削振动信号，提取时频特征后输入长短期记忆网络，实时估计{0}的后刀面磨损量",
                        "acquiring spindle power and cutting vibration signals, extracting time-frequency features, feeding them into a long short-term memory network, and estimating the flank wear of the {0} in real time",
                        "可在刀具失效前及时提示换刀", "prompts a tool change before failure", Only: "0,1,2"),
                    new("{0}的钎焊方法", "brazing method for {0}",
                        "在{0}的硬质部件与钢体之间放置银基钎料与铜网补偿层，在保护气氛下感应加热至钎焊温度并缓慢冷却",
                        "placing a silver-based filler metal and a copper mesh stress-relief layer between the hard part and the steel body of the {0}, induction heating to the brazing temperature under a protective atmosphere, and cooling slowly",
                        "降低了焊接残余应力并避免了硬质部件开裂", "reduces residual brazing stress and prevents cracking of the hard part", Only: "2,3"),
                ],
                Metrics:
                [
                    new("使用寿命延长{0}%", "service life is extended by {0}%", 25, 100),
                    new("综合使用成本降低{0}%", "the overall cost of use is reduced by {0}%", 10, 30),
                ],
                Suffixes: [Suffix.None, Suffix.None, Suffix.Manufacturing]),
        ],
        [
            new("硬质合金数控刀片", "CNC cemented carbide insert", "用于数控车床对金属工件进行切削加工", "used on CNC lathes for cutting metal workpieces", "08-03"),
            new("整体硬质合金钻头", "solid carbide drill", "用于金属材料的钻孔加工", "used for drilling metal materials", "08-01"),
            new("凿岩球齿钎头", "button rock drill bit", "用于矿山与隧道工程的凿岩作业", "used for rock drilling in mining and tunnelling", "08-01"),
            new("可转位铣刀盘", "indexable milling cutter head", "用于加工中心的平面铣削", "used for face milling on machining centres", "08-01"),
        ]);

        private static Industry Aero() => new(AeroEngines,
        [
            new("航空发动机热端部件", "aero-engine hot-section components", ["org-bsap", "org-qtam"],
                Subjects:
                [
                    new("涡轮叶片", "turbine blade", true, true, "F01D 5/18;F01D 5/28",
                        "包括榫头、缘板、叶身以及叶身内部的冷却腔", "comprises a fir-tree root, a platform, an airfoil and cooling cavities inside the airfoil"),
                    new("燃烧室", "combustor", true, true, "F23R 3/28;F23R 3/002",
                        "包括机匣、火焰筒、旋流器和燃油喷嘴", "comprises a casing, a flame tube, swirlers and fuel nozzles"),
                    new("涡轮导向叶片", "turbine guide vane", true, true, "F01D 9/04;F01D 5/18",
                        "包括内外缘板、空心叶身和冲击冷却套管", "comprises inner and outer platforms, a hollow airfoil and an impingement cooling insert"),
                    new("燃油喷嘴", "fuel nozzle", true, true, "F23R 3/28;F23D 11/38",
                        "包括值班级喷口、主燃级环形喷口、旋流通道以及隔热套", "comprises a pilot orifice, an annular main-stage orifice, swirl passages and a heat shield"),
                ],
                Features:
                [
                    new("具有气膜冷却结构的", "{0} with a film cooling structure",
                        "壁面开设多排扇形扩张气膜孔，孔轴线与主流方向成25°~35°夹角",
                        "several rows of fan-shaped diffusion film holes are formed in the wall, with the hole axes at 25°-35° to the main flow",
                        "提高了气膜覆盖率并降低了壁面温度", "film coverage is increased and wall temperature is reduced", true, Only: "0,1,2"),
                    new("带热障涂层的", "{0} with a thermal barrier coating",
                        "基体表面依次制备NiCoCrAlY粘结层和氧化钇部分稳定氧化锆陶瓷面层，面层呈柱状晶结构",
                        "a NiCoCrAlY bond coat and a yttria-partially-stabilised zirconia top coat with a columnar structure are applied to the substrate in turn",
                        "提高了部件的承温能力与抗热震性能", "the temperature capability and thermal shock resistance of the part are improved", true, Ipc: "C23C 28/00"),
                    new("采用陶瓷基复合材料的", "{0} made of ceramic matrix composite",
                        "主体采用碳化硅纤维增强碳化硅陶瓷基复合材料，并与金属连接件之间设置柔性过渡结构",
                        "the main body is made of a silicon carbide fibre-reinforced silicon carbide composite and is connected to metal fittings through a compliant transition structure",
                        "减轻了部件重量并大幅减少了冷却空气用量", "part weight is reduced and cooling air consumption is greatly decreased", true, Only: "0,1,2", Ipc: "C04B 35/80"),
                    new("增材制造的", "additively manufactured {0}",
                        "采用激光选区熔化工艺一体成形内部复杂流道，成形后经热等静压与固溶时效处理",
                        "complex internal passages are formed integrally by selective laser melting, followed by hot isostatic pressing and solution and ageing treatment",
                        "减少了零件数量与焊缝，缩短了研制周期", "the number of parts and welds is reduced and the development cycle is shortened", false, Ipc: "B22F 10/28"),
                    new("分级燃烧的", "{0} with staged combustion",
                        "燃油按工况分配至中心值班级与外围主燃级，主燃级采用贫油预混预蒸发燃烧",
                        "fuel is distributed between a central pilot stage and an outer main stage according to the operating condition, and the main stage uses lean premixed prevaporised combustion",
                        "降低了氮氧化物排放并拓宽了稳定工作范围", "nitrogen oxide emissions are reduced and the stable operating range is widened", true, Only: "1,3", Ipc: "F23R 3/34"),
                ],
                Methods:
                [
                    new("{0}冷却效率试验方法", "cooling effectiveness test method for {0}",
                        "在温比相似条件下向{0}模型通入主流燃气与冷却空气，利用红外热像与压敏漆测量壁面温度和气膜覆盖分布，并换算至发动机工况",
                        "supplying mainstream and coolant flows to a model of the {0} under similar temperature-ratio conditions, measuring wall temperature and film coverage with infrared thermography and pressure-sensitive paint, and converting the results to engine conditions",
                        "提高了冷却设计验证的准确性", "improves the accuracy of cooling design verification", Only: "0,1,2"),
                    new("{0}的寿命评估方法", "life assessment method for {0}",
                        "根据飞行任务剖面计算{0}的温度场与应力场，结合材料蠕变—疲劳交互损伤模型累积各循环损伤并预测剩余寿命",
                        "calculating the temperature and stress fields of the {0} from the flight mission profile, accumulating the damage of each cycle with a creep-fatigue interaction model of the material, and predicting the remaining life",
                        "为视情维修提供了依据", "provides a basis for on-condition maintenance"),
                    new("{0}的修复方法", "repair method for {0}",
                        "去除{0}损伤区域的涂层与氧化物，采用激光熔覆逐层修复缺损部位，经热处理和型面数控加工后重新制备涂层",
                        "removing the coating and oxides from the damaged area of the {0}, rebuilding the missing material layer by layer by laser cladding, and re-coating after heat treatment and CNC profile machining",
                        "恢复了零件尺寸与性能，降低了维修成本", "restores the dimensions and properties of the part and reduces repair costs"),
                ],
                Metrics:
                [
                    new("壁面平均温度降低{0}℃", "the average wall temperature is reduced by {0} °C", 40, 120),
                    new("冷却空气用量减少{0}%", "cooling air consumption is reduced by {0}%", 10, 30, Only: "0,1,2"),
                    new("零件重量减轻{0}%", "part weight is reduced by {0}%", 10, 35),
                ],
                Suffixes: [Suffix.None, Suffix.None, Suffix.Manufacturing],
                Applications:
                [
                    new("大涵道比涡扇发动机", "high-bypass turbofan engines"),
                    new("涡轴发动机", "turboshaft engines"),
                    new("小型涡喷发动机", "small turbojet engines"),
                    new("舰船燃气轮机", "marine gas turbines"),
                    new("重型燃气轮机", "heavy-duty gas turbines"),
                ]),
            new("航空发动机转子与控制系统", "aero-engine rotors and control systems", ["org-bsap"],
                Subjects:
                [
                    new("整体叶盘", "blisk", true, true, "F01D 5/34;F04D 29/32",
                        "包括轮盘以及与轮盘一体成形的若干叶片", "comprises a disk and a plurality of blades formed integrally with the disk"),
                    new("轴承腔封严装置", "bearing chamber sealing device", true, true, "F01D 25/18;F16J 15/447",
                        "包括石墨密封环、动环座、弹簧组件和回油通道", "comprises a graphite seal ring, a rotating ring seat, a spring assembly and an oil return passage"),
                    new("燃油调节系统", "fuel control system", true, true, "F02C 9/28;F02C 7/22",
                        "包括燃油计量装置、电液伺服阀、压差活门和数字式电子控制器", "comprises a fuel metering unit, an electro-hydraulic servo valve, a pressure-differential valve and a digital electronic controller"),
                    new("转子支承结构", "rotor support structure", true, true, "F01D 25/16;F02C 7/06",
                        "包括滚动轴承、挤压油膜阻尼器、弹性支座和轴承座", "comprises a rolling bearing, a squeeze-film damper, a resilient support and a bearing housing"),
                ],
                Features:
                [
                    new("具有状态监测功能的", "{0} with condition monitoring",
                        "在关键位置布置振动、温度与转速传感器，数据经机载健康管理单元实时处理",
                        "vibration, temperature and speed sensors are arranged at key positions, and the data are processed in real time by an on-board health management unit",
                        "实现了早期故障识别", "early fault identification is achieved", true),
                    new("低振动", "low-vibration {0}",
                        "通过优化支承刚度分布并引入挤压油膜阻尼，使转子工作转速远离临界转速",
                        "the support stiffness distribution is optimised and squeeze-film damping is introduced so that the operating speed is kept well away from critical speeds",
                        "降低了整机振动水平", "overall engine vibration is reduced", true, Only: "0,3"),
                    new("抗外物损伤的", "{0} resistant to foreign object damage",
                        "叶片前缘经激光冲击强化处理，并在叶尖区域设置阻尼凸台",
                        "the blade leading edges are strengthened by laser shock peening and damping bosses are provided in the tip region",
                        "提高了叶片的抗外物损伤能力和高周疲劳寿命", "resistance to foreign object damage and high-cycle fatigue life are improved", true, Only: "0"),
                    new("基于自适应控制的", "{0} based on adaptive control",
                        "控制器根据发动机性能退化程度在线修正机载模型参数，并据此调整燃油流量指令",
                        "the controller updates on-board model parameters online according to engine performance degradation and adjusts the fuel flow command accordingly",
                        "保证了发动机全寿命期内的推力一致性", "thrust consistency is maintained throughout the life of the engine", false, Only: "2"),
                    new("双余度", "dual-redundant {0}",
                        "采用双通道控制器与双线圈伺服阀，两通道交叉监控并可无扰切换",
                        "dual-channel controllers and dual-coil servo valves are used, with cross-monitoring between the channels and bumpless switchover",
                        "提高了系统的可靠性与故障容错能力", "system reliability and fault tolerance are improved", true, Only: "2"),
                    new("非接触式", "non-contact {0}",
                        "采用指尖密封与气膜浮动环组合结构，工作时密封面之间形成稳定气膜",
                        "a combination of a finger seal and a gas-film floating ring is used, forming a stable gas film between the sealing faces in operation",
                        "减少了磨损与滑油泄漏", "wear and oil leakage are reduced", true, Only: "1"),
                ],
                Methods:
                [
                    new("{0}的振动故障诊断方法", "vibration fault diagnosis method for {0}",
                        "采集{0}在加减速过程中的振动信号，经阶次跟踪提取转频倍频分量，并与故障特征库比对识别不平衡、不对中与碰摩故障",
                        "acquiring vibration signals of the {0} during acceleration and deceleration, extracting rotational-frequency harmonics by order tracking, and identifying unbalance, misalignment and rubbing faults by comparison with a fault feature library",
                        "提高了故障定位准确率", "improves fault localisation accuracy", Only: "0,1,3"),
                    new("{0}控制规律设计方法", "control law design method for {0}",
                        "建立发动机部件级模型并在多个工作点线性化，采用增益调度方法设计{0}的控制参数，并通过硬件在环试验验证",
                        "building a component-level engine model, linearising it at multiple operating points, designing the control parameters of the {0} by gain scheduling, and verifying them in hardware-in-the-loop tests",
                        "提高了过渡态响应品质", "improves transient response", Only: "2"),
                    new("{0}的装配方法", "assembly method for {0}",
                        "测量{0}各零件的跳动与端面误差，采用优化算法确定相位装配角度，使累积偏心量最小",
                        "measuring the runout and face errors of each part of the {0}, and determining the phase angles for assembly with an optimisation algorithm so that the cumulative eccentricity is minimised",
                        "降低了装配后的初始不平衡量", "reduces the initial unbalance after assembly", Only: "0,3"),
                ],
                Metrics:
                [
                    new("振动幅值降低{0}%", "vibration amplitude is reduced by {0}%", 20, 50, Only: "0,1,3"),
                    new("平均故障间隔时间延长{0}%", "mean time between failures is extended by {0}%", 20, 80),
                ],
                Suffixes: [Suffix.None, Suffix.None, Suffix.DesignMethod],
                Applications:
                [
                    new("涡扇发动机", "turbofan engines"),
                    new("涡轴发动机", "turboshaft engines"),
                    new("小型无人机涡喷发动机", "small UAV turbojet engines"),
                    new("航改燃气轮机", "aero-derivative gas turbines"),
                ]),
        ],
        [
            new("无人机用涡喷发动机", "turbojet engine for unmanned aerial vehicles", "用于中小型无人机的动力装置", "used as the power plant of small and medium unmanned aerial vehicles", "15-01"),
            new("燃气轮机发电机组箱体", "enclosure for a gas turbine generator set", "用于燃气轮机发电机组的防护与隔声", "used to protect and soundproof a gas turbine generator set", "13-01"),
            new("发动机试车台操纵面板", "control panel for an engine test bench", "用于航空发动机地面试车的操作控制", "used to operate ground runs of aero engines", "10-05"),
        ]);

        private static Industry Bio() => new(Biomedicine,
        [
            new("生物医药", "biomedicine", ["org-jlmu", "org-jjbio"],
                Subjects:
                [
                    new("紫杉醇脂质体", "paclitaxel liposome formulation", true, false, "A61K 9/127;A61K 31/337;A61P 35/00",
                        "由紫杉醇、氢化大豆磷脂、胆固醇和聚乙二醇化磷脂按质量比1:15~25:3~6:1~3组成", "consists of paclitaxel, hydrogenated soy phosphatidylcholine, cholesterol and PEGylated phospholipid in a mass ratio of 1:15-25:3-6:1-3",
                        [new("晚期卵巢癌治疗", "the treatment of advanced ovarian cancer"), new("非小细胞肺癌化疗", "chemotherapy of non-small cell lung cancer")]),
                    new("黄芪多糖", "astragalus polysaccharide", true, false, "A61K 36/481;A61P 37/04",
                        "由分子量为10~60千道尔顿的杂多糖组成，单糖组成以葡萄糖、阿拉伯糖和半乳糖为主", "consists of heteropolysaccharides with molecular weights of 10-60 kDa, composed mainly of glucose, arabinose and galactose",
                        [new("化疗后免疫功能恢复", "immune recovery after chemotherapy"), new("家禽免疫增强", "immune enhancement in poultry")]),
                    new("纳米抗体", "nanobody", true, false, "C07K 16/28;A61K 39/395;A61P 35/00",
                        "包含由三个互补决定区和四个框架区组成的重链单域可变区", "contains a heavy-chain single-domain variable region consisting of three complementarity-determining regions and four framework regions",
                        [new("肿瘤免疫检查点阻断", "tumour immune checkpoint blockade"), new("肿瘤分子影像", "molecular imaging of tumours")]),
                    new("嵌合抗原受体T细胞", "chimeric antigen receptor T cell", true, false, "C12N 5/0783;A61K 35/17;A61P 35/00",
                        "表达由单链抗体片段、铰链区、跨膜区、4-1BB共刺激结构域和CD3ζ信号结构域依次连接而成的嵌合抗原受体", "expresses a chimeric antigen receptor formed by sequentially linking a single-chain variable fragment, a hinge region, a transmembrane region, a 4-1BB costimulatory domain and a CD3ζ signalling domain",
                        [new("胃癌细胞免疫治疗", "cellular immunotherapy of gastric cancer"), new("实体瘤过继细胞治疗", "adoptive cell therapy of solid tumours")]),
                    new("mRNA疫苗", "mRNA vaccine", true, false, "A61K 39/12;A61K 9/51;A61P 31/12",
                        "包括编码病毒抗原蛋白的修饰信使核糖核酸以及包裹该核酸的脂质纳米颗粒", "comprises modified messenger RNA encoding a viral antigen protein and lipid nanoparticles encapsulating the RNA",
                        [new("呼吸道合胞病毒感染预防", "the prevention of respiratory syncytial virus infection"), new("季节性流感预防", "the prevention of seasonal influenza")]),
                ],
                Features:
                [
                    new("长循环", "long-circulating {0}",
                        "脂质双层表面修饰聚乙二醇链，粒径控制在80~120纳米",
                        "the lipid bilayer is modified with polyethylene glycol chains and the particle size is controlled at 80-120 nm",
                        "延长了药物体内循环时间并增加了肿瘤部位蓄积", "circulation time in vivo is prolonged and accumulation at tumour sites is increased", false, Only: "0"),
                    new("pH响应型", "pH-responsive {0}",
                        "载体中引入可电离脂质，其在肿瘤微环境或内涵体酸性条件下发生质子化并促进内容物释放",
                        "ionisable lipids are incorporated into the carrier; they become protonated under the acidic conditions of the tumour microenvironment or endosomes and promote release of the payload",
                        "提高了药物在靶部位的释放效率", "release at the target site is more efficient", false, Only: "0,4"),
                    new("靶向PD-L1的", "{0} targeting PD-L1",
                        "抗原结合区经噬菌体展示文库筛选获得，与人PD-L1的解离常数低于1纳摩尔每升",
                        "the antigen-binding region is screened from a phage display library and binds human PD-L1 with a dissociation constant below 1 nmol/L",
                        "具有良好的特异性与亲和力", "good specificity and affinity are obtained", false, Only: "2,3"),
                    new("靶向Claudin18.2的", "{0} targeting Claudin18.2",
                        "抗原结合区经人源化改造，能够区分Claudin18.2与同源蛋白Claudin18.1",
                        "the antigen-binding region is humanised and distinguishes Claudin18.2 from the homologous protein Claudin18.1",
                        "降低了脱靶毒性", "off-target toxicity is reduced", false, Only: "2,3"),
                    new("耐热稳定的", "thermostable {0}",
                        "处方中加入海藻糖与蔗糖作为保护剂，并经冻干工艺制成可在2~8℃长期储存的制剂",
                        "trehalose and sucrose are added as protectants and the product is freeze-dried into a formulation that can be stored long-term at 2-8 °C",
                        "降低了冷链储运要求", "cold-chain requirements are relaxed", false, Only: "0,4"),
                    new("高纯度", "high-purity {0}",
                        "提取液经超滤分级和DEAE纤维素柱层析纯化，去除蛋白与小分子杂质",
                        "the extract is fractionated by ultrafiltration and purified by DEAE-cellulose column chromatography to remove proteins and small-molecule impurities",
                        "提高了多糖纯度与批间一致性", "purity and batch-to-batch consistency are improved", false, Only: "1"),
                    new("硒化修饰的", "selenised {0}",
                        "以亚硒酸钠在硝酸体系中对多糖进行硒化修饰，硒含量达到1~3毫克每克",
                        "the polysaccharide is selenised with sodium selenite in a nitric acid system to a selenium content of 1-3 mg/g",
                        "增强了免疫调节与抗氧化活性", "immunomodulatory and antioxidant activities are enhanced", false, Only: "1"),
                    new("分泌白细胞介素12的", "{0} secreting interleukin-12",
                        "细胞中同时表达可诱导分泌的白细胞介素12，用以改善免疫抑制性肿瘤微环境",
                        "the cells additionally express inducibly secreted interleukin-12 to remodel the immunosuppressive tumour microenvironment",
                        "增强了对实体瘤的杀伤作用", "killing of solid tumours is enhanced", false, Only: "3"),
                ],
                Methods:
                [
                    new("{0}的制备方法", "preparation method for {0}",
                        "将紫杉醇、磷脂与胆固醇溶于无水乙醇，在搅拌下注入缓冲液形成粗分散体，经高压均质、切向流超滤、除菌过滤后冻干",
                        "dissolving paclitaxel, phospholipid and cholesterol in anhydrous ethanol, injecting the solution into a buffer under stirring to form a coarse dispersion, and subjecting it to high-pressure homogenisation, tangential-flow ultrafiltration, sterile filtration and freeze-drying",
                        "包封率高且适于工业化放大", "gives high encapsulation efficiency and is suitable for industrial scale-up", Only: "0"),
                    new("{0}的提取纯化方法", "extraction and purification method for {0}",
                        "将黄芪饮片经热水提取、醇沉和脱蛋白处理后，采用超滤膜分级截留并冷冻干燥得到成品",
                        "extracting sliced astragalus root with hot water, followed by ethanol precipitation and deproteinisation, fractionating with ultrafiltration membranes and freeze-drying",
                        "提高了得率并减少了有机溶剂用量", "increases the yield and reduces the use of organic solvents", Only: "1"),
                    new("{0}的筛选方法", "screening method for {0}",
                        "以重组抗原免疫羊驼构建噬菌体展示文库，经三轮固相淘选与酶联免疫吸附鉴定获得阳性克隆，并通过表面等离子共振测定亲和力",
                        "immunising alpacas with recombinant antigen to build a phage display library, obtaining positive clones through three rounds of solid-phase panning and ELISA identification, and measuring affinity by surface plasmon resonance",
                        "缩短了筛选周期", "shortens the screening cycle", Only: "2"),
                    new("{0}的体外扩增方法", "in vitro expansion method for {0}",
                        "采用抗CD3/CD28磁珠激活外周血T细胞，经慢病毒转导后在含白细胞介素7和15的无血清培养基中扩增10~14天",
                        "activating peripheral blood T cells with anti-CD3/CD28 magnetic beads, transducing them with a lentiviral vector, and expanding them for 10-14 days in serum-free medium containing interleukin-7 and interleukin-15",
                        "提高了记忆性T细胞比例", "increases the proportion of memory T cells", Only: "3"),
                    new("{0}的质量检测方法", "quality control method for {0}",
                        "采用高效液相色谱测定主成分含量与有关物质，结合动态光散射测定粒径与多分散指数，并以荧光法测定包封率",
                        "determining the content of the main component and related substances by high-performance liquid chromatography, measuring particle size and polydispersity index by dynamic light scattering, and determining encapsulation efficiency by a fluorescence assay",
                        "能够全面评价制剂质量", "allows comprehensive evaluation of product quality", Only: "0,4"),
                ],
                Metrics:
                [
                    new("小鼠移植瘤模型中抑瘤率达到{0}%", "the tumour inhibition rate in a mouse xenograft model reaches {0}%", 60, 88, Only: "0,2,3"),
                    new("中和抗体滴度提高{0}倍", "neutralising antibody titres are increased {0}-fold", 3, 12, Only: "4"),
                    new("多糖含量达到{0}%以上", "the polysaccharide content is above {0}%", 85, 96, Only: "1"),
                ],
                Suffixes: [Suffix.Preparation, Suffix.Use, Suffix.PreparationAndUse]),
            new("生物医学工程", "biomedical engineering", ["org-jjbio", "org-jlmu"],
                Subjects:
                [
                    new("核酸检测微流控芯片", "microfluidic nucleic acid test chip", true, true, "B01L 3/00;C12Q 1/6844",
                        "包括进样腔、裂解腔、扩增反应腔和检测窗口，各腔室之间通过微通道与阀门连接", "comprises a sample inlet chamber, a lysis chamber, amplification reaction chambers and a detection window, the chambers being connected by microchannels and valves",
                        [new("呼吸道病原体快速检测", "rapid detection of respiratory pathogens"), new("基层医疗机构现场检测", "point-of-care testing in primary healthcare facilities")]),
                    new("生物反应器", "bioreactor", true, true, "C12M 3/00;C12M 1/34",
                        "包括培养罐体、搅拌组件、气体交换组件以及温度、溶氧与pH检测单元", "comprises a culture vessel, a stirring assembly, a gas exchange assembly and temperature, dissolved oxygen and pH sensing units",
                        [new("干细胞规模化培养", "large-scale stem cell culture"), new("单克隆抗体生产", "monoclonal antibody production")]),
                    new("透皮给药微针贴片", "transdermal microneedle patch", true, true, "A61M 37/0015;A61K 9/0021",
                        "包括背衬层、粘贴层以及由可溶性基质材料制成的锥形微针阵列", "comprises a backing layer, an adhesive layer and an array of conical microneedles made of a dissolvable matrix material",
                        [new("胰岛素无痛给药", "painless insulin delivery"), new("疫苗皮内接种", "intradermal vaccination")]),
                    new("细胞冻存转运装置", "cell cryopreservation transport device", true, true, "A01N 1/02;C12M 1/00",
                        "包括真空绝热箱体、液氮气相吸附层、样本架和温度记录模块", "comprises a vacuum-insulated housing, a liquid-nitrogen vapour-phase absorbent layer, a sample rack and a temperature logging module",
                        [new("CAR-T细胞制剂运输", "CAR-T cell products"), new("脐带血样本转运", "umbilical cord blood samples")]),
                ],
                Features:
                [
                    new("一次性使用的", "single-use {0}",
                        "与样品或细胞接触的部件均采用经伽马射线灭菌的医用级高分子材料一次成型",
                        "all parts in contact with samples or cells are moulded in one piece from medical-grade polymer sterilised by gamma irradiation",
                        "避免了交叉污染并省去了清洗验证工作", "cross-contamination is avoided and cleaning validation becomes unnecessary", true, Only: "0,1"),
                    new("集成温控模块的", "{0} with an integrated temperature control module",
                        "腔体外壁贴装柔性加热膜与半导体制冷片，由闭环控制器将温度波动控制在±0.2℃以内",
                        "a flexible heating film and thermoelectric coolers are mounted on the outer wall, and a closed-loop controller keeps temperature fluctuation within ±0.2 °C",
                        "保证了反应或储存温度的稳定", "stable reaction or storage temperatures are ensured", true, Only: "0,1,3"),
                    new("高载药量", "high-drug-loading {0}",
                        "微针针尖部分集中载药，针体与基底采用不同溶解速率的透明质酸分层制备",
                        "the drug is concentrated in the needle tips, and the needle shafts and the base are made in layers of hyaluronic acid with different dissolution rates",
                        "提高了药物递送效率", "drug delivery efficiency is improved", true, Only: "2"),
                    new("便携式", "portable {0}",
                        "整体采用模块化快插结构，并内置锂电池与无线数据传输模块",
                        "a modular quick-connect structure is used throughout, with a built-in lithium battery and a wireless data transmission module",
                        "便于基层和现场使用", "use in primary care and in the field is made easier", true, Only: "3"),
                    new("多通道", "multichannel {0}",
                        "芯片设置八个并行扩增反应腔，每个腔室预埋不同靶标的冻干引物探针",
                        "the chip has eight parallel amplification chambers, each pre-loaded with freeze-dried primers and probes for a different target",
                        "实现了一次进样多种病原体的联合检测", "several pathogens can be detected from a single sample loading", true, Only: "0"),
                    new("灌流式", "perfusion {0}",
                        "罐体出口设置中空纤维截留单元，在连续补加新鲜培养基的同时截留细胞",
                        "a hollow-fibre retention unit at the vessel outlet retains cells while fresh medium is added continuously",
                        "提高了细胞密度与产物表达量", "cell density and product titre are increased", true, Only: "1"),
                ],
                Methods:
                [
                    new("基于{0}的多重病原体检测方法", "multiplex pathogen detection method based on {0}",
                        "将样本加入{0}的进样腔，依次完成裂解、核酸提取与恒温扩增，并通过荧光信号判读结果",
                        "adding a sample to the inlet chamber of the {0}, performing lysis, nucleic acid extraction and isothermal amplification in sequence, and reading the result from the fluorescence signal",
                        "可在40分钟内完成检测", "completes detection within 40 minutes", Only: "0"),
                    new("{0}的过程控制方法", "process control method for {0}",
                        "在线检测培养液中的葡萄糖、乳酸与活细胞密度，基于软测量模型预测细胞生长趋势，并自动调节补料速率与通气量",
                        "measuring glucose, lactate and viable cell density online, predicting cell growth with a soft-sensor model, and automatically adjusting the feed rate and aeration",
                        "提高了批次间一致性", "improves batch-to-batch consistency", Only: "1"),
                    new("{0}的制备方法", "preparation method for {0}",
                        "将载药溶液离心填充至微针模具针孔，干燥后浇注透明质酸基底溶液，经真空脱泡、干燥后脱模",
                        "filling the cavities of a microneedle mould with drug solution by centrifugation, drying, casting a hyaluronic acid base solution, degassing under vacuum, drying and demoulding",
                        "工艺简单且载药量可控", "is simple and allows the drug loading to be controlled", Only: "2"),
                ],
                Metrics:
                [
                    new("检测灵敏度达到每毫升{0}拷贝", "the detection sensitivity reaches {0} copies per millilitre", 50, 500, Only: "0"),
                    new("细胞密度提高{0}%以上", "cell density is increased by more than {0}%", 30, 120, Only: "1"),
                ],
                Suffixes: [Suffix.None, Suffix.MethodOfUse]),
        ],
        [
            new("核酸检测卡盒", "nucleic acid test cartridge", "用于配合检测仪器进行核酸扩增检测", "used with an analyser for nucleic acid amplification testing", "24-01"),
            new("微针贴片", "microneedle patch", "用于皮肤透皮给药", "used for transdermal drug delivery through the skin", "24-02"),
            new("细胞冻存转运箱", "cell cryopreservation transport box", "用于细胞制剂的低温储存与运输", "used for the cryogenic storage and transport of cell products", "09-03"),
            new("药品包装盒", "medicine packaging box", "用于注射剂药品的包装", "used to package injectable medicines", "09-03"),
        ]);

        private static Industry Materials() => new(NewMaterials,
        [
            new("高分子材料", "polymer materials", ["org-hhpm", "org-qtam"],
                Subjects:
                [
                    new("环氧树脂组合物", "epoxy resin composition", true, false, "C08L 63/00;C08G 59/50",
                        "以重量份计包括双酚A型环氧树脂100份、芳香胺固化剂25~35份、增韧剂5~15份和功能填料10~40份", "comprises, in parts by weight, 100 parts of bisphenol A epoxy resin, 25-35 parts of an aromatic amine curing agent, 5-15 parts of a toughening agent and 10-40 parts of a functional filler",
                        [new("风电叶片", "wind turbine blades"), new("电子封装", "electronic packaging"), new("碳纤维复合材料气瓶", "carbon fibre composite gas cylinders")]),
                    new("聚丙烯复合材料", "polypropylene composite", true, false, "C08L 23/12;C08K 7/14",
                        "以重量份计包括聚丙烯60~80份、短切玻璃纤维15~30份、相容剂3~8份以及抗氧剂0.2~0.5份", "comprises, in parts by weight, 60-80 parts of polypropylene, 15-30 parts of chopped glass fibre, 3-8 parts of a compatibiliser and 0.2-0.5 parts of an antioxidant",
                        [new("新能源汽车电池包壳体", "battery pack housings of new energy vehicles"), new("轨道车辆内饰件", "interior parts of rail vehicles")]),
                    new("聚酰亚胺薄膜", "polyimide film", true, false, "C08G 73/10;C08J 5/18",
                        "由均苯四甲酸二酐与含醚键二胺经缩聚、流延和热亚胺化制成，厚度为12.5~50微米", "is made from pyromellitic dianhydride and an ether-containing diamine by polycondensation, casting and thermal imidisation, and is 12.5-50 μm thick",
                        [new("柔性印制电路板", "flexible printed circuit boards"), new("柔性显示基板", "flexible display substrates")]),
                    new("聚氨酯泡沫", "polyurethane foam", true, false, "C08G 18/48;C08J 9/14",
                        "由聚醚多元醇、多异氰酸酯、发泡剂、催化剂和泡沫稳定剂经反应发泡制得", "is produced by reacting and foaming a polyether polyol, a polyisocyanate, a blowing agent, a catalyst and a foam stabiliser",
                        [new("冷链物流保温箱", "insulated boxes for cold-chain logistics"), new("建筑外墙保温", "external wall insulation of buildings")]),
                ],
                Features:
                [
                    new("石墨烯改性的", "graphene-modified {0}",
                        "以表面接枝硅烷偶联剂的少层石墨烯作为功能填料，在基体中形成连续的导热导电网络",
                        "few-layer graphene grafted with a silane coupling agent is used as a functional filler and forms a continuous thermally and electrically conductive network in the matrix",
                        "提高了材料的导热性能与力学强度", "thermal conductivity and mechanical strength are improved", false, Ipc: "C08K 3/042"),
                    new("无卤阻燃的", "halogen-free flame-retardant {0}",
                        "以次膦酸铝与三聚氰胺聚磷酸盐复配作为阻燃体系，燃烧时在表面形成致密炭层",
                        "a combination of aluminium phosphinate and melamine polyphosphate is used as the flame-retardant system, forming a dense char layer on the surface during combustion",
                        "使阻燃等级达到UL94 V-0级且发烟量低", "a UL 94 V-0 rating is achieved with low smoke release", false, Ipc: "C08K 5/5313"),
                    new("可降解回收的", "recyclable {0}",
                        "在固化网络中引入动态二硫键或可交换酯键，使其在加热或特定溶剂条件下可解交联",
                        "dynamic disulfide bonds or exchangeable ester bonds are introduced into the cured network so that it can be de-crosslinked by heating or in specific solvents",
                        "实现了热固性材料的闭环回收", "closed-loop recycling of the thermoset is achieved", false, Only: "0,3"),
                    new("低介电", "low-dielectric {0}",
                        "在分子结构中引入含氟基团与大体积脂环结构，并复合中空二氧化硅微球",
                        "fluorine-containing groups and bulky alicyclic structures are introduced into the molecular structure, and hollow silica microspheres are compounded in",
                        "降低了介电常数与介电损耗", "dielectric constant and dielectric loss are reduced", false, Only: "0,2"),
                    new("高抗冲", "high-impact {0}",
                        "通过原位聚合引入乙烯-辛烯共聚弹性体分散相，其粒径控制在0.3~1微米",
                        "an ethylene-octene copolymer elastomer dispersed phase with particle sizes of 0.3-1 μm is introduced by in-situ polymerisation",
                        "显著提高了低温冲击强度", "low-temperature impact strength is markedly increased", false, Only: "1"),
                ],
                Methods:
                [
                    new("{0}的连续化制备方法", "continuous preparation method for {0}",
                        "将聚丙烯与助剂预混后加入双螺杆挤出机主喂料口，玻璃纤维由侧喂料口加入，经熔融共混、挤出、冷却和切粒制得",
                        "premixing polypropylene with additives and feeding the mixture into the main hopper of a twin-screw extruder, adding glass fibre through a side feeder, and melt blending, extruding, cooling and pelletising",
                        "保持了纤维长度并提高了生产效率", "preserves fibre length and improves productivity", Only: "1"),
                    new("{0}的固化工艺", "curing process for {0}",
                        "将组合物在80℃预固化2小时，再以每分钟2℃的速率升温至150℃后固化4小时，并随炉缓慢冷却",
                        "pre-curing the composition at 80 °C for 2 hours, heating at 2 °C per minute to 150 °C for post-curing for 4 hours, and cooling slowly in the oven",
                        "降低了固化内应力", "reduces internal curing stress", Only: "0"),
                    new("{0}的亚胺化工艺", "imidisation process for {0}",
                        "将聚酰胺酸溶液流延成膜后进行双向拉伸，在氮气保护下分段升温至350℃完成热亚胺化",
                        "casting the polyamic acid solution into a film, stretching it biaxially, and completing thermal imidisation by stepwise heating to 350 °C under nitrogen",
                        "提高了薄膜的尺寸稳定性", "improves the dimensional stability of the film", Only: "2"),
                    new("{0}的发泡方法", "foaming method for {0}",
                        "将多元醇组分与异氰酸酯组分经高压计量混合后注入预热至45℃的模具，以环戊烷与水作为复合发泡剂进行模内发泡",
                        "metering and mixing the polyol and isocyanate components under high pressure, injecting them into a mould preheated to 45 °C, and foaming in the mould with cyclopentane and water as a combined blowing agent",
                        "使泡孔细小均匀且导热系数低", "produces fine, uniform cells and low thermal conductivity", Only: "3"),
                ],
                Metrics:
                [
                    new("导热系数提高{0}%", "thermal conductivity is increased by {0}%", 50, 300, Only: "0,1,2"),
                    new("拉伸强度提高{0}%", "tensile strength is increased by {0}%", 10, 45, Only: "0,1,2"),
                    new("压缩强度提高{0}%", "compressive strength is increased by {0}%", 10, 40, Only: "3"),
                ],
                Suffixes: [Suffix.None, Suffix.Preparation, Suffix.Preparation, Suffix.PreparationAndUse]),
            new("先进碳材料与无机非金属材料", "advanced carbon and inorganic non-metallic materials", ["org-qtam", "org-hhpm"],
                Subjects:
                [
                    new("石墨烯", "graphene", false, false, "C01B 32/184;C01B 32/194",
                        "片层数为1~5层，片径为5~20微米，碳氧原子比大于20", "has 1-5 layers, a lateral size of 5-20 μm and a carbon-to-oxygen atomic ratio above 20",
                        [new("锂离子电池导电剂", "conductive agents for lithium-ion batteries"), new("防腐涂料", "anticorrosive coatings")]),
                    new("碳纳米管导电浆料", "carbon nanotube conductive paste", true, false, "C01B 32/174;H01M 4/62",
                        "以质量百分比计包括多壁碳纳米管3%~6%、分散剂0.5%~1.5%，其余为N-甲基吡咯烷酮", "comprises, in percentage by mass, 3%-6% of multi-walled carbon nanotubes and 0.5%-1.5% of a dispersant, the balance being N-methylpyrrolidone",
                        [new("动力电池正极", "cathodes of power batteries"), new("抗静电涂层", "antistatic coatings")]),
                    new("二氧化硅气凝胶", "silica aerogel", true, false, "C01B 33/1585;C01B 33/16",
                        "孔隙率大于90%，比表面积为600~900平方米每克，常温导热系数低于0.020瓦每米开尔文", "has a porosity above 90%, a specific surface area of 600-900 m²/g and a room-temperature thermal conductivity below 0.020 W/(m·K)",
                        [new("动力电池热失控防护", "thermal runaway protection of power batteries"), new("工业管道保温", "insulation of industrial pipelines")]),
                    new("氮化硼导热填料", "boron nitride thermally conductive filler", true, false, "C01B 21/064;C09K 5/14",
                        "由六方氮化硼纳米片与球形氧化铝按质量比1:1~1:3复配而成，纳米片厚度小于10纳米", "consists of hexagonal boron nitride nanosheets and spherical alumina in a mass ratio of 1:1 to 1:3, the nanosheets being less than 10 nm thick",
                        [new("导热界面材料", "thermal interface materials"), new("功率器件封装", "packaging of power devices")]),
                    new("磷酸铁锂正极材料", "lithium iron phosphate cathode material", true, false, "C01B 25/45;H01M 4/5825",
                        "具有橄榄石型晶体结构，一次颗粒粒径为100~300纳米，表面包覆厚度为2~5纳米的无定形碳层", "has an olivine crystal structure, primary particles of 100-300 nm and an amorphous carbon coating 2-5 nm thick",
                        [new("储能电池", "energy storage batteries"), new("电动大巴动力电池", "traction batteries of electric buses")]),
                ],
                Features:
                [
                    new("高分散性的", "highly dispersible {0}",
                        "制备过程中引入聚乙烯吡咯烷酮进行原位包覆，抑制了片层堆叠与管束团聚",
                        "polyvinylpyrrolidone is introduced for in-situ coating during preparation, which suppresses restacking of sheets and bundling of tubes",
                        "提高了材料在树脂或溶剂中的分散稳定性", "dispersion stability in resins and solvents is improved", false, Only: "0,1,3"),
                    new("氮掺杂", "nitrogen-doped {0}",
                        "以尿素为氮源在800~900℃氨气气氛中进行热处理，使氮原子以吡啶氮和石墨氮形式进入碳骨架",
                        "heat treatment at 800-900 °C in ammonia with urea as the nitrogen source incorporates nitrogen atoms into the carbon framework as pyridinic and graphitic nitrogen",
                        "提高了材料的导电性与电化学活性", "electrical conductivity and electrochemical activity are improved", false, Only: "0,1"),
                    new("疏水型", "hydrophobic {0}",
                        "以三甲基氯硅烷对湿凝胶进行表面改性后常压干燥",
                        "the wet gel is surface-modified with trimethylchlorosilane and dried at ambient pressure",
                        "避免了超临界干燥并提高了耐潮性", "supercritical drying is avoided and moisture resistance is improved", false, Only: "2"),
                    new("纤维增强的", "fibre-reinforced {0}",
                        "以玻璃纤维毡为骨架浸渍溶胶，凝胶后形成纤维与气凝胶互穿的复合结构",
                        "a glass fibre mat is impregnated with the sol as a skeleton, forming an interpenetrating fibre-aerogel structure after gelation",
                        "克服了气凝胶脆性大、易掉粉的问题", "the brittleness and dusting of the aerogel are overcome", false, Only: "2"),
                    new("高压实密度的", "high-compaction-density {0}",
                        "采用大小颗粒级配并经二次烧结，使材料粒径呈双峰分布",
                        "large and small particles are graded and sintered twice so that the particle size distribution is bimodal",
                        "提高了电池的体积能量密度", "the volumetric energy density of the battery is increased", false, Only: "4"),
                    new("锰掺杂", "manganese-doped {0}",
                        "以锰部分取代铁位，形成磷酸锰铁锂固溶体",
                        "manganese partially substitutes for iron, forming a lithium manganese iron phosphate solid solution",
                        "提高了放电电压平台与能量密度", "the discharge voltage plateau and energy density are raised", false, Only: "4"),
                    new("表面改性的", "surface-modified {0}",
                        "采用多巴胺在纳米片表面形成聚多巴胺界面层，再接枝硅烷偶联剂",
                        "a polydopamine interfacial layer is formed on the nanosheets from dopamine, and a silane coupling agent is then grafted onto it",
                        "降低了填料与基体之间的界面热阻", "interfacial thermal resistance between filler and matrix is reduced", false, Only: "3"),
                ],
                Methods:
                [
                    new("{0}的电化学剥离制备方法", "electrochemical exfoliation method for preparing {0}",
                        "以石墨箔为阳极、铂片为阴极，在硫酸铵电解液中施加10伏直流电压进行剥离，产物经超声分散、洗涤和冷冻干燥后得到成品",
                        "using graphite foil as the anode and a platinum sheet as the cathode, exfoliating in ammonium sulfate electrolyte at a DC voltage of 10 V, and ultrasonically dispersing, washing and freeze-drying the product",
                        "制备周期短且无需强氧化剂", "is fast and needs no strong oxidants", Only: "0"),
                    new("{0}的分散方法", "dispersion method for {0}",
                        "将碳纳米管与分散剂在溶剂中预混后经砂磨机循环研磨，并通过在线黏度监测控制研磨终点",
                        "premixing the carbon nanotubes and the dispersant in the solvent, grinding in a circulating bead mill, and controlling the end point by online viscosity monitoring",
                        "避免了碳纳米管的过度截断", "avoids excessive shortening of the nanotubes", Only: "1"),
                    new("{0}的常压干燥制备方法", "ambient-pressure drying method for preparing {0}",
                        "以正硅酸乙酯为硅源经酸碱两步催化形成湿凝胶，经老化、溶剂置换和表面改性后于常压下梯度升温干燥",
                        "forming a wet gel from tetraethyl orthosilicate by two-step acid-base catalysis, followed by ageing, solvent exchange and surface modification, and drying with stepwise heating at ambient pressure",
                        "降低了设备投入与生产能耗", "reduces equipment investment and energy consumption", Only: "2"),
                    new("{0}的固相合成方法", "solid-state synthesis method for {0}",
                        "将磷酸铁、碳酸锂与葡萄糖按化学计量比湿法研磨，经喷雾干燥后在氮气中于700~750℃煅烧",
                        "wet-grinding iron phosphate, lithium carbonate and glucose in stoichiometric proportions, spray-drying, and calcining at 700-750 °C under nitrogen",
                        "工艺简单且产品批次稳定", "is simple and gives consistent batches", Only: "4"),
                ],
                Metrics:
                [
                    new("体积电阻率降低{0}%", "volume resistivity is reduced by {0}%", 30, 70, Only: "0,1"),
                    new("热面温度为600℃时冷面温度低于{0}℃", "the cold-face temperature stays below {0} °C at a hot-face temperature of 600 °C", 120, 180, Only: "2"),
                    new("复合材料导热系数提高{0}倍", "the thermal conductivity of the composite is increased {0}-fold", 3, 8, Only: "3"),
                    new("0.1C首次放电比容量达到{0}毫安时每克", "the initial discharge capacity at 0.1C reaches {0} mAh/g", 155, 165, Only: "4"),
                ],
                Suffixes: [Suffix.None, Suffix.Preparation, Suffix.PreparationAndUse]),
        ],
        [
            new("石墨烯电热膜", "graphene electric heating film", "用于地面采暖与理疗保暖", "used for underfloor heating and therapeutic warming", "23-03"),
            new("气凝胶保温毡", "aerogel insulation blanket", "用于工业管道与设备的隔热保温", "used to insulate industrial pipelines and equipment", "25-01"),
            new("导热硅胶垫片", "thermally conductive silicone pad", "用于电子元器件与散热器之间的导热", "used to conduct heat between electronic components and heat sinks", "13-99"),
            new("复合材料储氢气瓶", "composite hydrogen storage cylinder", "用于氢燃料电池汽车的车载储氢", "used for on-board hydrogen storage in fuel cell vehicles", "09-01"),
        ]);

        private static Industry Agriculture() => new(AgricultureAndFood,
        [
            new("食品加工", "food processing", ["org-tdau", "org-ymze"],
                Subjects:
                [
                    new("黄桃果肉饮料", "yellow peach pulp beverage", true, false, "A23L 2/02;A23L 2/44",
                        "以质量百分比计包括黄桃果肉浆40%~60%、低聚果糖3%~6%、柠檬酸0.1%~0.3%，其余为饮用水", "comprises, in percentage by mass, 40%-60% of yellow peach pulp, 3%-6% of fructo-oligosaccharide and 0.1%-0.3% of citric acid, the balance being drinking water",
                        []),
                    new("发酵辣椒酱", "fermented chilli sauce", true, false, "A23L 27/10;A23L 19/20",
                        "以鲜红辣椒为主料，配以大蒜、生姜和食盐，经乳酸菌接种发酵制成", "is made mainly from fresh red chillies with garlic, ginger and salt by fermentation inoculated with lactic acid bacteria",
                        [new("餐饮调味", "catering seasoning"), new("预制菜调料包", "seasoning sachets for ready meals")]),
                    new("发芽糙米", "germinated brown rice", false, false, "A23L 7/152;A23L 7/196",
                        "由糙米经浸泡、发芽和低温干燥制成，γ-氨基丁酸含量不低于每100克15毫克", "is made from brown rice by soaking, germination and low-temperature drying, and contains at least 15 mg of γ-aminobutyric acid per 100 g",
                        [new("糖尿病膳食", "diabetic diets"), new("速食粥品", "instant congee")]),
                    new("茶多酚保鲜剂", "tea polyphenol preservative", true, false, "A23B 7/154;A23L 3/3472",
                        "以质量百分比计包括茶多酚20%~35%、壳聚糖10%~20%、ε-聚赖氨酸2%~5%，其余为食品级分散介质", "comprises, in percentage by mass, 20%-35% of tea polyphenols, 10%-20% of chitosan and 2%-5% of ε-polylysine, the balance being a food-grade dispersion medium",
                        [new("炎陵黄桃贮运保鲜", "preserving Yanling yellow peaches during storage and transport"), new("草莓采后保鲜", "postharvest preservation of strawberries"), new("柑橘采后保鲜", "postharvest preservation of citrus")]),
                    new("植物基肉制品", "plant-based meat analogue", true, false, "A23J 3/227;A23J 3/16",
                        "以大豆分离蛋白与小麦谷朊粉为主要蛋白原料，添加椰子油、甲基纤维素和天然色素经高水分挤压制成", "is made by high-moisture extrusion mainly from soy protein isolate and wheat gluten with coconut oil, methylcellulose and natural pigments",
                        [new("中式菜肴预制", "ready-to-cook Chinese dishes"), new("快餐汉堡肉饼", "fast-food burger patties")]),
                ],
                Features:
                [
                    new("低糖", "low-sugar {0}",
                        "以赤藓糖醇与甜菊糖苷复配替代蔗糖，并以果胶调整口感",
                        "sucrose is replaced by a blend of erythritol and steviol glycosides, and pectin is used to adjust mouthfeel",
                        "在保持风味的同时降低了热量", "calories are reduced while flavour is retained", false, Only: "0"),
                    new("低盐", "low-salt {0}",
                        "采用植物乳杆菌与肠膜明串珠菌混合菌种控温发酵，并以氯化钾部分替代食盐",
                        "a mixed culture of Lactobacillus plantarum and Leuconostoc mesenteroides is fermented at a controlled temperature, and potassium chloride partially replaces salt",
                        "降低了含盐量并缩短了发酵周期", "salt content is reduced and the fermentation period is shortened", false, Only: "1"),
                    new("高γ-氨基丁酸含量的", "{0} with a high γ-aminobutyric acid content",
                        "发芽阶段采用谷氨酸钠溶液浸泡并间歇通入二氧化碳进行胁迫处理",
                        "during germination the grains are soaked in sodium glutamate solution and stressed with intermittent carbon dioxide",
                        "显著提高了γ-氨基丁酸的积累量", "accumulation of γ-aminobutyric acid is markedly increased", false, Only: "2"),
                    new("可食用涂膜型", "edible-coating {0}",
                        "使用时以浸渍或喷淋方式在果蔬表面形成厚度为5~15微米的可食性薄膜",
                        "in use it forms an edible film 5-15 μm thick on the surface of fruit and vegetables by dipping or spraying",
                        "降低了果蔬的呼吸强度与失水率", "respiration and water loss of the produce are reduced", false, Only: "3"),
                    new("具有仿肉纤维结构的", "{0} with a meat-like fibrous structure",
                        "挤压机末端设置长冷却模头，使蛋白熔体在层流状态下取向排列形成纤维结构",
                        "a long cooling die at the end of the extruder aligns the protein melt under laminar flow to form a fibrous structure",
                        "提高了产品的咀嚼感与多汁性", "chewiness and juiciness are improved", false, Only: "4"),
                    new("非热杀菌的", "non-thermally sterilised {0}",
                        "采用超高压处理替代热力杀菌，处理压力为400~600兆帕、保压时间为3~8分钟",
                        "ultra-high-pressure processing at 400-600 MPa for 3-8 minutes replaces thermal sterilisation",
                        "较好地保留了营养成分和风味", "nutrients and flavour are better retained", false, Only: "0,1,4"),
                ],
                Methods:
                [
                    new("{0}的加工方法", "processing method for {0}",
                        "选取八成熟的黄桃经清洗、去皮、去核后打浆，调配后经均质、超高压杀菌并无菌灌装",
                        "selecting yellow peaches at about 80% ripeness, washing, peeling, pitting and pulping them, blending, homogenising, sterilising by ultra-high pressure and filling aseptically",
                        "较好地保持了黄桃的色泽与香气", "preserves the colour and aroma of the peaches", Only: "0"),
                    new("{0}的发酵工艺", "fermentation process for {0}",
                        "将辣椒切碎后按比例加入辅料与食盐，接种混合乳酸菌剂，在20~25℃下密封发酵15~20天后调配灭菌",
                        "chopping the chillies, adding auxiliary ingredients and salt in proportion, inoculating a mixed lactic acid bacteria starter, fermenting in sealed vessels at 20-25 °C for 15-20 days, and then blending and sterilising",
                        "减少了亚硝酸盐的生成", "reduces nitrite formation", Only: "1"),
                    new("{0}的生产方法", "production method for {0}",
                        "糙米经清洗后在30℃温水中浸泡6小时，于恒温恒湿箱中发芽至芽长0.5~1毫米，再经热风与微波联合干燥",
                        "washing brown rice, soaking it in warm water at 30 °C for 6 hours, germinating it in a constant-temperature, constant-humidity chamber until the sprouts are 0.5-1 mm long, and drying it with combined hot air and microwaves",
                        "缩短了干燥时间并改善了蒸煮品质", "shortens drying time and improves cooking quality", Only: "2"),
                    new("基于{0}的果蔬保鲜方法", "method for preserving fruit and vegetables with {0}",
                        "将采后果蔬预冷至8℃以下，在{0}稀释液中浸渍1~2分钟，晾干后装入微孔保鲜袋并于0~4℃冷藏",
                        "precooling harvested produce to below 8 °C, dipping it in a diluted solution of the {0} for 1-2 minutes, air-drying, packing it in microperforated bags and storing at 0-4 °C",
                        "可将货架期延长一倍以上", "more than doubles shelf life", Only: "3"),
                    new("{0}的高水分挤压制备方法", "high-moisture extrusion method for preparing {0}",
                        "将蛋白原料与水按比例在双螺杆挤出机中于140~160℃熔融，经冷却模头定型后切割、调味与速冻",
                        "melting the protein ingredients with water in a twin-screw extruder at 140-160 °C, shaping the melt in a cooling die, and cutting, seasoning and quick-freezing the product",
                        "可实现连续化生产", "allows continuous production", Only: "4"),
                ],
                Metrics:
                [
                    new("维生素C保留率达到{0}%以上", "vitamin C retention exceeds {0}%", 85, 95, Only: "0"),
                    new("亚硝酸盐含量降低{0}%", "nitrite content is reduced by {0}%", 30, 60, Only: "1"),
                    new("γ-氨基丁酸含量提高{0}倍", "the γ-aminobutyric acid content is increased {0}-fold", 2, 6, Only: "2"),
                    new("货架期延长{0}天以上", "shelf life is extended by more than {0} days", 7, 20, Only: "3"),
                ],
                Suffixes: [Suffix.None, Suffix.Preparation, Suffix.Preparation]),
            new("智慧农业装备", "smart agricultural equipment", ["org-ymze", "org-tdau"],
                Subjects:
                [
                    new("果实采摘机器人", "fruit-picking robot", true, true, "A01D 46/30;B25J 11/00",
                        "包括履带式行走底盘、多自由度机械臂、柔性末端执行器和双目视觉系统", "comprises a tracked chassis, a multi-degree-of-freedom manipulator, a soft end effector and a binocular vision system",
                        [new("山地果园", "hillside orchards"), new("矮化密植苹果园", "high-density dwarf apple orchards")]),
                    new("智能温室", "intelligent greenhouse", true, true, "A01G 9/14;A01G 9/24",
                        "包括钢架结构、双层充气膜覆盖层、外遮阳系统、湿帘风机降温系统和环境控制柜", "comprises a steel frame, a double inflated film cover, an external shading system, a pad-and-fan cooling system and an environmental control cabinet",
                        [new("高寒地区蔬菜生产", "vegetable production in cold regions"), new("工厂化育苗", "industrial seedling production")]),
                    new("水肥一体化灌溉装置", "integrated water and fertiliser irrigation device", true, true, "A01G 25/16;A01C 23/04",
                        "包括储水罐、多路施肥通道、文丘里吸肥器、过滤器和滴灌管网", "comprises a water tank, multiple fertiliser channels, Venturi injectors, a filter and a drip irrigation network",
                        [new("丘陵茶园", "hilly tea gardens"), new("设施果蔬栽培", "protected fruit and vegetable cultivation")]),
                    new("果蔬分选机", "fruit and vegetable grading machine", true, true, "B07C 5/342;A23N 15/00",
                        "包括上料机构、单通道滚轮输送线、图像采集箱、称重单元和气动分拣执行机构", "comprises a feeding mechanism, a single-lane roller conveyor, an image acquisition chamber, a weighing unit and pneumatic sorting actuators",
                        [new("柑橘产地商品化处理", "post-harvest handling of citrus at the place of origin"), new("猕猴桃分级包装", "grading and packing of kiwifruit")]),
                    new("植保无人机喷洒系统", "spraying system for plant protection drones", true, true, "B64D 1/18;A01M 7/00",
                        "包括药箱、隔膜泵、离心雾化喷头、流量传感器和飞控联动模块", "comprises a chemical tank, a diaphragm pump, centrifugal atomising nozzles, a flow sensor and a flight-control linkage module",
                        [new("水稻病虫害统防统治", "unified pest control in rice fields"), new("洞庭湖区稻田植保", "plant protection in rice paddies around Dongting Lake")]),
                ],
                Features:
                [
                    new("基于物联网的", "{0} based on the Internet of Things",
                        "各传感器与执行器通过低功耗广域网络接入云平台，用户可远程查看数据并下发控制指令",
                        "sensors and actuators are connected to a cloud platform through a low-power wide-area network, so that users can view data and issue control commands remotely",
                        "降低了人工巡查与管理成本", "manual inspection and management costs are reduced", true),
                    new("基于深度学习视觉识别的", "{0} with deep-learning visual recognition",
                        "视觉模块采用轻量化卷积神经网络实时识别果实位置、成熟度或病虫害区域",
                        "the vision module uses a lightweight convolutional neural network to identify fruit positions, ripeness or pest-infested areas in real time",
                        "提高了识别准确率与作业效率", "recognition accuracy and work efficiency are improved", false, Only: "0,3,4"),
                    new("太阳能供电的", "solar-powered {0}",
                        "设备顶部布置光伏组件并配置储能电池，实现离网条件下的连续运行",
                        "photovoltaic modules are arranged on top with a storage battery, allowing continuous off-grid operation",
                        "可在缺乏电网覆盖的田间地头使用", "the equipment can be used in fields without grid power", true, Only: "1,2"),
                    new("低损伤", "low-damage {0}",
                        "与果实接触的部件包覆硅胶柔性层，并根据果实大小自适应调节夹持力",
                        "parts in contact with the fruit are covered with a soft silicone layer, and the gripping force adapts to fruit size",
                        "降低了果实的机械损伤率", "mechanical damage to the fruit is reduced", true, Only: "0,3"),
                    new("变量作业的", "variable-rate {0}",
                        "根据处方图与实时传感数据按区域调节施用量",
                        "application rates are adjusted zone by zone according to a prescription map and real-time sensor data",
                        "减少了水肥或农药用量", "water, fertiliser or pesticide use is reduced", false, Only: "2,4"),
                ],
                Methods:
                [
                    new("{0}的路径规划方法", "path planning method for {0}",
                        "根据视觉系统获取的果实三维坐标构建采摘序列，以总作业时间最短为目标采用改进蚁群算法求解，并在运动过程中实时避障",
                        "constructing a picking sequence from the three-dimensional fruit coordinates obtained by the vision system, solving it with an improved ant colony algorithm to minimise total operating time, and avoiding obstacles in real time during motion",
                        "提高了单果采摘效率", "improves picking efficiency per fruit", Only: "0"),
                    new("{0}的环境智能控制方法", "intelligent environmental control method for {0}",
                        "采集{0}内外的温湿度、光照与二氧化碳浓度数据，基于作物生长模型预测需求，并以模糊控制算法调节各执行设备",
                        "collecting temperature, humidity, light and carbon dioxide data inside and outside the {0}, predicting crop demand with a crop growth model, and regulating each actuator with a fuzzy control algorithm",
                        "降低了能耗并改善了作物生长环境", "reduces energy consumption and improves the growing environment", Only: "1"),
                    new("基于{0}的精准灌溉方法", "precision irrigation method based on {0}",
                        "根据土壤墒情传感器与气象数据计算作物蒸散量，确定灌水定额与施肥配比，并由控制器按轮灌组依次执行",
                        "calculating crop evapotranspiration from soil moisture sensors and weather data, determining irrigation quotas and fertiliser ratios, and executing them group by group through the controller",
                        "提高了水肥利用率", "improves water and fertiliser use efficiency", Only: "2"),
                    new("基于{0}的果品品质分级方法", "fruit quality grading method based on {0}",
                        "采集果品多角度图像与近红外光谱，提取尺寸、色泽、表面缺陷与糖度特征，并按分级标准输出等级",
                        "acquiring multi-angle images and near-infrared spectra of the fruit, extracting size, colour, surface defect and sugar content features, and outputting a grade according to the grading standard",
                        "实现了外观与内部品质的同步检测", "inspects external and internal quality at the same time", Only: "3"),
                    new("{0}的航线规划方法", "flight route planning method for {0}",
                        "根据田块边界与障碍物信息生成往复航线，结合风速风向修正飞行高度与喷幅，并对重喷与漏喷区域自动补偿",
                        "generating back-and-forth routes from field boundaries and obstacles, correcting flight height and swath width according to wind speed and direction, and automatically compensating for overlaps and gaps",
                        "提高了施药均匀性", "improves spraying uniformity", Only: "4"),
                ],
                Metrics:
                [
                    new("采摘成功率达到{0}%", "the picking success rate reaches {0}%", 85, 95, Only: "0"),
                    new("冬季加温能耗降低{0}%", "winter heating energy consumption is reduced by {0}%", 15, 35, Only: "1"),
                    new("水肥或药剂用量减少{0}%以上", "water, fertiliser or pesticide use is reduced by more than {0}%", 20, 40, Only: "2,4"),
                    new("分级准确率达到{0}%以上", "grading accuracy exceeds {0}%", 92, 98, Only: "3"),
                ],
                Suffixes: [Suffix.None, Suffix.None, Suffix.Control]),
        ],
        [
            new("黄桃罐头包装瓶", "packaging jar for canned yellow peaches", "用于黄桃罐头的灌装与销售", "used for filling and selling canned yellow peaches", "09-01"),
            new("智能育苗箱", "smart seedling box", "用于蔬菜与花卉的育苗", "used for raising vegetable and flower seedlings", "15-03"),
            new("果蔬分选机外壳", "housing for a fruit and vegetable grading machine", "用于果蔬分选设备的外部防护", "used as the outer housing of fruit and vegetable grading equipment", "15-99"),
            new("植保无人机", "plant protection drone", "用于农田的农药喷洒作业", "used to spray pesticides over farmland", "12-07"),
        ]);

        private static Industry EnvironmentIndustry() => new(Environment,
        [
            new("水污染治理", "water pollution control", ["org-thest", "org-ymze"],
                Subjects:
                [
                    new("污水处理系统", "wastewater treatment system", true, true, "C02F 9/00;C02F 3/30",
                        "包括预处理单元、厌氧池、缺氧池、好氧池、二沉池和深度处理单元", "comprises a pretreatment unit, an anaerobic tank, an anoxic tank, an aerobic tank, a secondary clarifier and an advanced treatment unit",
                        [new("工业园区综合废水", "mixed wastewater from industrial parks"), new("城镇污水处理厂提标改造", "upgrading municipal wastewater treatment plants")]),
                    new("人工湿地", "constructed wetland", true, true, "C02F 3/32;C02F 3/30",
                        "包括布水区、多级垂直潜流填料床、水生植物种植层和集水区", "comprises a water distribution zone, multistage vertical subsurface-flow media beds, an aquatic plant layer and a water collection zone",
                        [new("入湖河道水质净化", "purifying rivers that flow into lakes"), new("农田退水处理", "treating agricultural drainage")]),
                    new("臭氧催化氧化反应器", "catalytic ozonation reactor", true, true, "C02F 1/78;C02F 1/72",
                        "包括臭氧发生器、微孔曝气盘、负载型催化剂填料层和尾气破坏装置", "comprises an ozone generator, microporous aeration discs, a supported catalyst packing layer and an off-gas destruction unit",
                        [new("焦化废水深度处理", "advanced treatment of coking wastewater"), new("垃圾渗滤液处理", "landfill leachate treatment")]),
                    new("污泥脱水装置", "sludge dewatering device", true, true, "C02F 11/12;C02F 11/14",
                        "包括调理罐、叠螺脱水主机、絮凝剂投加系统和滤液回流管路", "comprises a conditioning tank, a screw-stack dewatering unit, a flocculant dosing system and a filtrate return line",
                        [new("市政污泥处理", "municipal sludge treatment"), new("印染污泥减量", "reducing textile dyeing sludge")]),
                    new("生活污水一体化处理设备", "integrated domestic sewage treatment unit", true, true, "C02F 3/30;C02F 3/06",
                        "包括箱体以及在箱体内依次设置的调节区、缺氧区、生物膜好氧区和沉淀消毒区", "comprises a tank body and, arranged in sequence inside it, an equalisation zone, an anoxic zone, a biofilm aerobic zone and a settling and disinfection zone",
                        [new("分散式农村污水治理", "decentralised rural sewage treatment"), new("高速公路服务区污水处理", "sewage treatment at expressway service areas")]),
                ],
                Features:
                [
                    new("低能耗脱氮除磷的", "{0} with low-energy nitrogen and phosphorus removal",
                        "缺氧区接种厌氧氨氧化菌并投加悬浮填料，好氧区采用间歇曝气控制溶解氧",
                        "anammox bacteria are seeded in the anoxic zone with suspended carriers, and intermittent aeration controls dissolved oxygen in the aerobic zone",
                        "降低了曝气能耗与外加碳源用量", "aeration energy and external carbon source consumption are reduced", true, Only: "0,4"),
                    new("抗堵塞", "clogging-resistant {0}",
                        "填料采用粒径自上而下递增的级配结构，并设置间歇反冲洗管路",
                        "the media are graded with particle size increasing from top to bottom, and intermittent backwash piping is provided",
                        "延长了系统稳定运行周期", "the period of stable operation is extended", true, Only: "1"),
                    new("模块化", "modular {0}",
                        "各处理单元采用标准化装配式模块，可根据水量灵活增减并快速安装",
                        "each treatment unit is a standardised prefabricated module that can be added or removed according to flow and installed quickly",
                        "缩短了建设周期并减少了占地面积", "construction time and footprint are reduced", true, Only: "0,1,3,4"),
                    new("智能控制的", "{0} with intelligent control",
                        "在线监测进出水水质与设备运行参数，由控制器按预设模型自动调整曝气量、回流比或药剂投加量",
                        "influent and effluent quality and equipment parameters are monitored online, and a controller automatically adjusts aeration, recycle ratio or chemical dosing according to a preset model",
                        "保证了出水稳定达标并降低了运行成本", "stable, compliant effluent is ensured and operating costs are reduced", false),
                    new("负载锰铈催化剂的", "{0} with a supported manganese-cerium catalyst",
                        "催化剂以活性氧化铝为载体负载锰铈复合氧化物，促进臭氧分解产生羟基自由基",
                        "the catalyst consists of manganese-cerium mixed oxides supported on activated alumina, promoting the decomposition of ozone into hydroxyl radicals",
                        "提高了难降解有机物的去除率", "removal of refractory organics is increased", true, Only: "2", Ipc: "B01J 23/34"),
                    new("节能型", "energy-saving {0}",
                        "脱水主机采用变频驱动，并利用余热对泥饼进行低温干化",
                        "the dewatering unit has a variable-frequency drive, and waste heat is used for low-temperature drying of the sludge cake",
                        "降低了泥饼含水率与单位能耗", "the moisture content of the cake and specific energy consumption are reduced", true, Only: "3"),
                ],
                Methods:
                [
                    new("{0}的运行控制方法", "operation control method for {0}",
                        "实时采集进水流量、氨氮与溶解氧数据，利用神经网络预测出水指标，并据此优化曝气量与内回流比",
                        "collecting influent flow, ammonia nitrogen and dissolved oxygen data in real time, predicting effluent quality with a neural network, and optimising aeration and internal recycle accordingly",
                        "降低了曝气能耗", "reduces aeration energy", Only: "0,4"),
                    new("{0}的植物配置方法", "plant configuration method for {0}",
                        "按耐污能力与季节交替选择芦苇、美人蕉和菖蒲等挺水植物分区种植，并在冬季补种耐寒植物",
                        "planting emergent plants such as reed, canna and calamus in zones according to pollution tolerance and season, and replanting cold-tolerant species in winter",
                        "保证了全年稳定的净化效果", "maintains stable purification throughout the year", Only: "1"),
                    new("基于{0}的废水处理方法", "wastewater treatment method using {0}",
                        "将生化出水的pH调节至7~8后泵入{0}，控制臭氧投加量与停留时间，出水经活性炭过滤后排放",
                        "adjusting the pH of the biologically treated effluent to 7-8, pumping it into the {0}, controlling the ozone dose and residence time, and discharging the effluent after activated carbon filtration",
                        "使化学需氧量稳定达标", "reliably meets COD discharge limits", Only: "2"),
                    new("{0}的污泥调理方法", "sludge conditioning method for {0}",
                        "向污泥中依次投加聚合氯化铁与阳离子聚丙烯酰胺，经快速混合与慢速絮凝后送入{0}",
                        "adding polyferric chloride and cationic polyacrylamide to the sludge in sequence, followed by rapid mixing and slow flocculation before feeding it to the {0}",
                        "提高了脱水效率", "improves dewatering efficiency", Only: "3"),
                ],
                Metrics:
                [
                    new("总氮去除率达到{0}%以上", "total nitrogen removal exceeds {0}%", 80, 92, Only: "0,4"),
                    new("总磷去除率达到{0}%", "total phosphorus removal reaches {0}%", 70, 90, Only: "1"),
                    new("化学需氧量去除率提高{0}个百分点", "COD removal is increased by {0} percentage points", 15, 35, Only: "2"),
                    new("泥饼含水率降至{0}%以下", "the moisture content of the cake is reduced to below {0}%", 55, 65, Only: "3"),
                ],
                Suffixes: [Suffix.None, Suffix.None, Suffix.Operating]),
            new("大气污染治理与膜分离", "air pollution control and membrane separation", ["org-thest"],
                Subjects:
                [
                    new("挥发性有机废气处理装置", "volatile organic compound treatment device", true, true, "B01D 53/86;B01D 53/72",
                        "包括预过滤器、沸石转轮浓缩单元、蓄热式催化燃烧室和余热回收换热器", "comprises a pre-filter, a zeolite rotor concentrator, a regenerative catalytic combustion chamber and a waste-heat recovery exchanger",
                        [new("汽车涂装车间", "automotive paint shops"), new("印刷包装企业", "printing and packaging plants")]),
                    new("袋式除尘器", "bag filter dust collector", true, true, "B01D 46/02;B01D 50/00",
                        "包括进气烟箱、滤袋组件、脉冲喷吹清灰系统和灰斗", "comprises an inlet plenum, filter bag assemblies, a pulse-jet cleaning system and an ash hopper",
                        [new("水泥窑尾烟气", "cement kiln exhaust gas"), new("硬质合金粉末生产车间", "cemented carbide powder workshops")]),
                    new("中空纤维超滤膜", "hollow-fibre ultrafiltration membrane", true, true, "B01D 69/08;B01D 71/34",
                        "由聚偏氟乙烯制成，具有内外双皮层非对称结构，截留分子量为50~100千道尔顿", "is made of polyvinylidene fluoride, has an asymmetric structure with inner and outer skin layers, and has a molecular weight cut-off of 50-100 kDa",
                        [new("市政饮用水深度净化", "advanced purification of municipal drinking water"), new("膜生物反应器", "membrane bioreactors")],
                        [Suffix.None, Suffix.Preparation]),
                    new("烟气脱硫脱硝系统", "flue gas desulfurisation and denitrification system", true, true, "B01D 53/60;B01D 53/86",
                        "包括烟气换热器、选择性催化还原反应器、湿法吸收塔和湿式电除尘器", "comprises a flue gas heat exchanger, a selective catalytic reduction reactor, a wet absorption tower and a wet electrostatic precipitator",
                        [new("燃煤工业锅炉", "coal-fired industrial boilers"), new("玻璃窑炉烟气治理", "glass furnaces")]),
                ],
                Features:
                [
                    new("低温催化的", "{0} with low-temperature catalysis",
                        "采用锰铈复合氧化物催化剂，在150~250℃即可实现高效催化反应",
                        "a manganese-cerium mixed-oxide catalyst achieves efficient catalytic reaction at 150-250 °C",
                        "减少了烟气再热能耗", "the energy needed to reheat the gas is reduced", true, Only: "0,3"),
                    new("抗污染", "fouling-resistant {0}",
                        "在膜表面接枝两性离子聚合物刷，形成致密的水化层",
                        "zwitterionic polymer brushes are grafted onto the membrane surface, forming a dense hydration layer",
                        "减轻了蛋白质与有机物污染，延长了化学清洗周期", "fouling by proteins and organics is reduced and the chemical cleaning interval is extended", false, Only: "2", Ipc: "B01D 67/00"),
                    new("高通量", "high-flux {0}",
                        "在铸膜液中添加亲水性纳米二氧化硅与致孔剂，经非溶剂致相分离形成贯通的指状孔结构",
                        "hydrophilic nano-silica and a pore former are added to the casting solution, and non-solvent-induced phase separation forms interconnected finger-like pores",
                        "显著提高了纯水通量", "pure water flux is significantly increased", false, Only: "2"),
                    new("撬装式", "skid-mounted {0}",
                        "主要设备集成于标准化撬座，管线与电气接口预制完成，现场仅需吊装对接",
                        "the main equipment is integrated on standard skids with prefabricated piping and electrical interfaces, so that only lifting and connection are needed on site",
                        "缩短了安装周期", "installation time is shortened", true, Only: "0,1,3"),
                    new("智能调控的", "{0} with intelligent regulation",
                        "根据在线监测的入口浓度、压差与温度，自动调节风机频率、喷吹周期或反应温度",
                        "the fan frequency, pulse interval or reaction temperature is adjusted automatically according to online measurements of inlet concentration, pressure drop and temperature",
                        "降低了运行能耗", "operating energy consumption is reduced", false, Only: "0,1,3"),
                    new("采用覆膜滤料的", "{0} with membrane-laminated filter media",
                        "滤袋采用聚四氟乙烯覆膜滤料，使粉尘在滤料表面被截留",
                        "the filter bags use PTFE-membrane-laminated media so that dust is captured on the surface",
                        "使出口粉尘浓度稳定低于每立方米5毫克", "outlet dust concentration stays below 5 mg per cubic metre", true, Only: "1"),
                ],
                Methods:
                [
                    new("{0}的催化剂再生方法", "catalyst regeneration method for {0}",
                        "在线监测催化剂床层压差与转化效率，当效率下降至设定值时切换至再生模式，以热空气吹扫并在惰性气氛中进行高温活化",
                        "monitoring the pressure drop and conversion efficiency of the catalyst bed online, switching to regeneration mode when efficiency falls to a set value, purging with hot air and activating at high temperature in an inert atmosphere",
                        "延长了催化剂使用寿命", "extends catalyst life", Only: "0,3"),
                    new("{0}的清灰控制方法", "cleaning control method for {0}",
                        "实时监测各仓室压差，当压差超过阈值时按离线分室方式依次脉冲喷吹，并根据清灰后压差恢复情况自适应调整喷吹压力",
                        "monitoring the pressure drop of each compartment in real time, pulse-cleaning the compartments offline in turn when the pressure drop exceeds a threshold, and adjusting the pulse pressure according to how the pressure drop recovers after cleaning",
                        "降低了压缩空气消耗并延长了滤袋寿命", "reduces compressed air consumption and extends bag life", Only: "1"),
                    new("{0}的制备方法", "preparation method for {0}",
                        "将聚偏氟乙烯、添加剂与溶剂配制成铸膜液，经双通道喷丝头纺丝，依次通过空气间隙和凝固浴后进行后处理",
                        "preparing a casting solution of polyvinylidene fluoride, additives and solvent, spinning it through a dual-channel spinneret, passing the fibres through an air gap and a coagulation bath, and post-treating them",
                        "工艺稳定且易于规模化生产", "is stable and readily scaled up", Only: "2"),
                    new("{0}的在线化学清洗方法", "online chemical cleaning method for {0}",
                        "根据跨膜压差增长速率确定清洗时机，依次采用次氯酸钠与柠檬酸溶液进行维护性反洗浸泡",
                        "determining when to clean from the rate of rise of the transmembrane pressure, and performing maintenance backwash soaks with sodium hypochlorite and then citric acid solution",
                        "恢复了膜通量并减少了药剂消耗", "restores membrane flux and reduces chemical consumption", Only: "2"),
                ],
                Metrics:
                [
                    new("非甲烷总烃去除率达到{0}%以上", "non-methane hydrocarbon removal exceeds {0}%", 95, 99, Only: "0"),
                    new("设备运行阻力降低{0}%", "the operating pressure drop is reduced by {0}%", 15, 35, Only: "1"),
                    new("纯水通量提高{0}%", "pure water flux is increased by {0}%", 30, 120, Only: "2"),
                    new("氮氧化物排放浓度低于每立方米{0}毫克", "nitrogen oxide emissions are below {0} mg per cubic metre", 30, 50, Only: "3"),
                ],
                Suffixes: [Suffix.None, Suffix.None, Suffix.Control]),
        ],
        [
            new("一体化污水处理设备", "integrated sewage treatment unit", "用于村镇生活污水的就地处理", "used for on-site treatment of domestic sewage in villages and towns", "23-01"),
            new("空气净化器", "air purifier", "用于室内空气中颗粒物与异味的净化", "used to remove particles and odours from indoor air", "23-04"),
            new("水质在线监测仪", "online water quality monitor", "用于河湖与排污口水质的连续监测", "used for continuous monitoring of water quality in rivers, lakes and outfalls", "10-05"),
            new("油烟净化器", "cooking fume purifier", "用于餐饮厨房油烟的净化处理", "used to clean cooking fumes from commercial kitchens", "23-04"),
        ]);
    }
}
