"""The demo's facts: places with the programme's counts, the 15 topics, staff, and what children say."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum, auto
from datetime import date

from domain.naming import slugify
from domain.values import AgeBand, Category, Channel, Decision, Role, VenueKind

DEFAULT_SUGGESTIONS = 300
K = VenueKind
C = Category
CH = Channel

# -- places -------------------------------------------------------------------

# Kunshan's towns, by the key venues carry: (Simplified, Traditional) names; the key is the English one.
DISTRICT_NAMES = {
    "Yushan": ("玉山镇", "玉山鎮"),
    "Bacheng": ("巴城镇", "巴城鎮"),
    "Zhoushi": ("周市镇", "周市鎮"),
    "Lujia": ("陆家镇", "陸家鎮"),
    "Huaqiao": ("花桥镇", "花橋鎮"),
    "Qiandeng": ("千灯镇", "千燈鎮"),
    "Dianshanhu": ("淀山湖镇", "澱山湖鎮"),
    "Zhouzhuang": ("周庄镇", "周莊鎮"),
    "Jinxi": ("锦溪镇", "錦溪鎮"),
    "Zhangpu": ("张浦镇", "張浦鎮"),
}
DISTRICTS = tuple(DISTRICT_NAMES)
# A town's short name, as composed names use it ("玉山图书馆", not "玉山镇图书馆").
TOWN_WORDS = {
    "Yushan": ("玉山", "玉山"), "Bacheng": ("巴城", "巴城"), "Zhoushi": ("周市", "周市"),
    "Lujia": ("陆家", "陸家"), "Huaqiao": ("花桥", "花橋"), "Qiandeng": ("千灯", "千燈"),
    "Dianshanhu": ("淀山湖", "澱山湖"), "Zhouzhuang": ("周庄", "周莊"), "Jinxi": ("锦溪", "錦溪"),
    "Zhangpu": ("张浦", "張浦"),
}


def district_names(district: str) -> dict[str, str]:
    """Return a district's name in the three languages ({} for none)."""
    if district not in DISTRICT_NAMES:
        return {}
    simplified, traditional = DISTRICT_NAMES[district]
    return {"zh-Hans": simplified, "zh-Hant": traditional, "en": district}


@dataclass(frozen=True)
class Place:
    """A venue to register: its slug is its natural key; ``name`` is its English name."""

    slug: str
    kind: VenueKind
    name: str
    district: str = ""
    parent: str | None = None
    simplified: str = ""
    traditional: str = ""

    @property
    def names(self) -> dict[str, str]:
        """Return the place's name in the three languages."""
        return {"zh-Hans": self.simplified, "zh-Hant": self.traditional, "en": self.name}


def slug_of(name: str) -> str:
    """Return a venue's slug: ``Kunshan First People's Hospital`` -> ``kunshan-first-peoples-hospital``."""
    return slugify(name.replace("'", ""))


Words = tuple[str, str, str]  # (English, Simplified Chinese, Traditional Chinese)


def place(kind: VenueKind, words: Words, district: str = "", parent: str | None = None) -> Place:
    english, simplified, traditional = words
    return Place(slug_of(english), kind, english, district, parent, simplified, traditional)


BODIES = tuple(
    Place(slug, K.BODY, name, "", None, simplified, traditional)
    for slug, name, simplified, traditional in (
        ("health-commission", "Kunshan Health Commission", "昆山市卫生健康委员会", "崑山市衛生健康委員會"),
        ("education-bureau", "Kunshan Education Bureau", "昆山市教育局", "崑山市教育局"),
        ("transport-bureau", "Kunshan Transport Bureau", "昆山市交通运输局", "崑山市交通運輸局"),
        ("market-supervision", "Kunshan Market Supervision Administration", "昆山市市场监督管理局",
         "崑山市市場監督管理局"),
        ("culture-tourism-bureau", "Kunshan Culture and Tourism Bureau", "昆山市文体广电和旅游局",
         "崑山市文體廣電和旅遊局"),
        ("housing-bureau", "Kunshan Housing and Urban-Rural Development Bureau", "昆山市住房和城乡建设局",
         "崑山市住房和城鄉建設局"),
        ("womens-federation", "Kunshan Women's Federation", "昆山市妇女联合会", "崑山市婦女聯合會"),
        ("civil-affairs-bureau", "Kunshan Civil Affairs Bureau", "昆山市民政局", "崑山市民政局"),
        ("traffic-police", "Kunshan Public Security Bureau, Traffic Police Brigade", "昆山市公安局交通警察大队",
         "崑山市公安局交通警察大隊"),
        ("taiwan-affairs-office", "Kunshan Taiwan Affairs Office", "昆山市台湾事务办公室", "崑山市臺灣事務辦公室"),
        ("urban-management-bureau", "Kunshan Urban Management Bureau", "昆山市城市管理局", "崑山市城市管理局"),
    )
)

HOSPITALS = tuple(
    place(K.HOSPITAL, (name, simplified, traditional), district)
    for name, simplified, traditional, district in (
        ("Kunshan First People's Hospital", "昆山市第一人民医院", "崑山市第一人民醫院", "Yushan"),
        ("Kunshan Maternal and Child Health Hospital", "昆山市妇幼保健院", "崑山市婦幼保健院", "Yushan"),
        ("Kunshan Hospital of Traditional Chinese Medicine", "昆山市中医医院", "崑山市中醫醫院", "Yushan"),
        ("Kunshan Second People's Hospital", "昆山市第二人民医院", "崑山市第二人民醫院", "Zhoushi"),
        ("Kunshan Third People's Hospital", "昆山市第三人民医院", "崑山市第三人民醫院", "Yushan"),
        ("Kunshan Fourth People's Hospital", "昆山市第四人民医院", "崑山市第四人民醫院", "Zhangpu"),
        ("Kunshan Fifth People's Hospital", "昆山市第五人民医院", "崑山市第五人民醫院", "Lujia"),
        ("Kunshan Sixth People's Hospital", "昆山市第六人民医院", "崑山市第六人民醫院", "Jinxi"),
        ("Kunshan Development Zone Hospital", "昆山开发区医院", "崑山開發區醫院", "Yushan"),
        ("Bacheng People's Hospital", "巴城人民医院", "巴城人民醫院", "Bacheng"),
        ("Huaqiao People's Hospital", "花桥人民医院", "花橋人民醫院", "Huaqiao"),
        ("Qiandeng People's Hospital", "千灯人民医院", "千燈人民醫院", "Qiandeng"),
        ("Dianshanhu Hospital", "淀山湖医院", "澱山湖醫院", "Dianshanhu"),
        ("Zhouzhuang Hospital", "周庄医院", "周莊醫院", "Zhouzhuang"),
        ("Kunshan Children's Health Centre", "昆山市儿童保健中心", "崑山市兒童保健中心", "Yushan"),
    )
)

PARKS = tuple(
    place(K.PARK, (name, simplified, traditional), district)
    for name, simplified, traditional, district in (
        ("Tinglin Park", "亭林公园", "亭林公園", "Yushan"),
        ("Kunshan Forest Park", "昆山森林公园", "崑山森林公園", "Yushan"),
        ("Chenghu Children's Park", "城湖儿童公园", "城湖兒童公園", "Yushan"),
        ("Yangcheng Lake Wetland Park", "阳澄湖湿地公园", "陽澄湖溼地公園", "Bacheng"),
        ("Bacheng Lakeside Park", "巴城湖滨公园", "巴城湖濱公園", "Bacheng"),
        ("Zhoushi Canal Park", "周市运河公园", "周市運河公園", "Zhoushi"),
        ("Lujia Central Park", "陆家中央公园", "陸家中央公園", "Lujia"),
        ("Huaqiao Cross-Strait Park", "花桥两岸公园", "花橋兩岸公園", "Huaqiao"),
        ("Qiandeng Riverside Park", "千灯滨河公园", "千燈濱河公園", "Qiandeng"),
        ("Dianshan Lake Park", "淀山湖公园", "澱山湖公園", "Dianshanhu"),
        ("Zhouzhuang Water Town Park", "周庄水乡公园", "周莊水鄉公園", "Zhouzhuang"),
        ("Jinxi Lotus Park", "锦溪荷花公园", "錦溪荷花公園", "Jinxi"),
        ("Zhangpu Sports Park", "张浦体育公园", "張浦體育公園", "Zhangpu"),
    )
)

# Each community: its English name, its name in Chinese (without 社区), and its town.
COMMUNITY_WORDS = (
    ("Huadu", "花都", "花都", "Huaqiao"),
    ("Guangming", "光明", "光明", "Huaqiao"),
    ("Chaoyang", "朝阳", "朝陽", "Yushan"),
    ("Zhenchuan", "震川", "震川", "Yushan"),
    ("Pengxi", "蓬曦", "蓬曦", "Yushan"),
    ("Yingbin", "迎宾", "迎賓", "Yushan"),
    ("Lianhu", "莲湖", "蓮湖", "Bacheng"),
    ("Yangcheng Lake", "阳澄湖", "陽澄湖", "Bacheng"),
    ("Shangyuan", "上元", "上元", "Zhoushi"),
    ("Fuyuan", "富园", "富園", "Zhoushi"),
    ("Lujia Xincun", "陆家新村", "陸家新村", "Lujia"),
    ("Qiandeng Old Town", "千灯古镇", "千燈古鎮", "Qiandeng"),
    ("Dianshanhu New Town", "淀山湖新城", "澱山湖新城", "Dianshanhu"),
    ("Zhouzhuang Shuixiang", "周庄水乡", "周莊水鄉", "Zhouzhuang"),
    ("Jinxi Lianhua", "锦溪莲华", "錦溪蓮華", "Jinxi"),
    ("Zhangpu Garden", "张浦花园", "張浦花園", "Zhangpu"),
    ("Chenghu", "城湖", "城湖", "Yushan"),
)

COMMUNITIES = tuple(
    place(K.COMMUNITY, (f"{name} Community", f"{simplified}社区", f"{traditional}社區"), district)
    for name, simplified, traditional, district in COMMUNITY_WORDS
)

MESSAGE_BOARDS = tuple(
    Place(
        community.slug.replace("-community", "-board"),
        K.MESSAGE_BOARD,
        f"{name} One-Meter Message Board",
        community.district,
        community.slug,
        f"{simplified}一米留言板",
        f"{traditional}一米留言板",
    )
    for community, (name, simplified, traditional, _) in zip(COMMUNITIES, COMMUNITY_WORDS, strict=True)
)

PLAYGROUNDS = tuple(
    place(K.PLAYGROUND, (name, simplified, traditional), district)
    for name, simplified, traditional, district in (
        ("Tinglin Park Adventure Playground", "亭林公园探险乐园", "亭林公園探險樂園", "Yushan"),
        ("Forest Park Nature Playground", "森林公园自然游乐场", "森林公園自然遊樂場", "Yushan"),
        ("Huadu Cross-Strait Playground", "花都两岸游乐场", "花都兩岸遊樂場", "Huaqiao"),
        ("Bacheng Inclusive Playground", "巴城融合游乐场", "巴城融合遊樂場", "Bacheng"),
        ("Dianshan Lake Sand Playground", "淀山湖沙池乐园", "澱山湖沙池樂園", "Dianshanhu"),
        ("Zhouzhuang Water Playground", "周庄戏水乐园", "周莊戲水樂園", "Zhouzhuang"),
    )
)

LITTLE_KUNYU = Place("little-kunyu", K.OBSERVATION_GROUP, "Little Kunyu Children's Observation Group", "", None,
                     "小昆玉儿童观察团", "小崑玉兒童觀察團")
OBSERVATION_GROUPS = (
    LITTLE_KUNYU,
    place(K.OBSERVATION_GROUP, ("Yushan Children's Observation Group", "玉山镇儿童观察团", "玉山鎮兒童觀察團"),
          "Yushan", "little-kunyu"),
    place(K.OBSERVATION_GROUP, ("Bacheng Children's Observation Group", "巴城镇儿童观察团", "巴城鎮兒童觀察團"),
          "Bacheng", "little-kunyu"),
    place(K.OBSERVATION_GROUP, ("Zhoushi Children's Observation Group", "周市镇儿童观察团", "周市鎮兒童觀察團"),
          "Zhoushi", "little-kunyu"),
    place(K.OBSERVATION_GROUP, ("Huadu Community Children's Observation Group", "花都社区儿童观察团",
                                "花都社區兒童觀察團"), "Huaqiao", "huadu-community"),
    place(K.OBSERVATION_GROUP, ("Qiandeng Old Town Children's Observation Group", "千灯古镇儿童观察团",
                                "千燈古鎮兒童觀察團"), "Qiandeng", "qiandeng-old-town-community"),
)

# Each kind of reading space, named after its town: (English pattern, Simplified, Traditional).
READING_SPACE_PATTERNS = (
    ("{} Library Children's Reading Room", "{}图书馆少儿阅览室", "{}圖書館少兒閱覽室"),
    ("{} Starlit Sky Parent-Child Reading Corner", "{}星空亲子阅读角", "{}星空親子閱讀角"),
    ("{} Picture-Book House", "{}绘本馆", "{}繪本館"),
    ("{} Riverside Reading Pavilion", "{}水岸阅读亭", "{}水岸閱讀亭"),
    ("{} Community Book Bar", "{}社区书吧", "{}社區書吧"),
)
SUMMER_METRO_READING = ("Summer Metro Station Parent-Child Reading Space", "夏日地铁站亲子阅读空间",
                        "夏日地鐵站親子閱讀空間")

# Schools in the "First Lesson in Law" programme, by district (148 in all).
SCHOOLS_PER_DISTRICT = {
    "Yushan": 44, "Bacheng": 12, "Zhoushi": 12, "Lujia": 11, "Huaqiao": 13,
    "Qiandeng": 12, "Dianshanhu": 10, "Zhouzhuang": 11, "Jinxi": 11, "Zhangpu": 12,
}
CITY_SCHOOLS = (
    ("Kunshan Experimental Primary School", "昆山市实验小学", "崑山市實驗小學"),
    ("Kunshan Senior High School", "江苏省昆山中学", "江蘇省崑山中學"),
    ("East China Taiwanese Children's School", "华东台商子女学校", "華東臺商子女學校"),
)
SCHOOL_FIRSTS = (
    ("Central Primary School", "中心小学", "中心小學"),
    ("Experimental Primary School", "实验小学", "實驗小學"),
    ("Middle School", "中学", "中學"),
    ("Experimental Middle School", "实验中学", "實驗中學"),
)
# The numbered schools: (English, Simplified, Traditional) with the number to fill in.
NUMBERED_SCHOOLS = (
    ("No. {n} Primary School", "第{n}小学", "第{n}小學"),
    ("No. {n} Middle School", "第{n}中学", "第{n}中學"),
)
DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Return ``n`` (1-99) in Chinese numerals, as school names write it: 2 -> 二, 12 -> 十二, 20 -> 二十."""
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else "十" if tens == 1 else DIGITS[tens] + "十") + (DIGITS[ones] if ones else "")


def in_town(district: str, pattern: Words) -> Words:
    """Return a name composed from a town's name and a pattern, in the three languages."""
    simplified, traditional = TOWN_WORDS[district]
    return pattern[0].format(district), pattern[1].format(simplified), pattern[2].format(traditional)


def reading_spaces() -> tuple[Place, ...]:
    """Return the city's 51 children's reading spaces."""
    spaces = [place(K.READING_SPACE, in_town(d, p), d) for d in DISTRICTS for p in READING_SPACE_PATTERNS]
    return (*spaces, place(K.READING_SPACE, SUMMER_METRO_READING, "Yushan"))


def school_names(district: str, count: int) -> Iterable[Words]:
    """Yield ``count`` believable school names for a district, in the three languages."""
    names = [in_town(district, ("{} " + en, "{}" + hans, "{}" + hant)) for en, hans, hant in SCHOOL_FIRSTS]
    number = 2
    while len(names) < count:
        numeral = chinese_number(number)
        names += [
            in_town(district, ("{} " + en.format(n=number), "{}" + hans.format(n=numeral), "{}" + hant.format(n=numeral)))
            for en, hans, hant in NUMBERED_SCHOOLS
        ]
        number += 1
    return names[:count]


def schools() -> tuple[Place, ...]:
    """Return the 148 schools of the programme."""
    found = [place(K.SCHOOL, words, "Yushan") for words in CITY_SCHOOLS]
    for district, count in SCHOOLS_PER_DISTRICT.items():
        taken = len(CITY_SCHOOLS) if district == "Yushan" else 0
        found += [place(K.SCHOOL, words, district) for words in school_names(district, count - taken)]
    return tuple(found)


def all_places() -> tuple[Place, ...]:
    """Return every venue of the demo, parents before their children."""
    return (
        *BODIES, *HOSPITALS, *PARKS, *COMMUNITIES, *MESSAGE_BOARDS, *PLAYGROUNDS,
        *OBSERVATION_GROUPS, *reading_spaces(), *schools(),
    )


# -- Two Sessions topics --------------------------------------------------------

# (slug, English name, description, Simplified name, Traditional name)
TOPICS = (
    ("kunqu-opera", "Kunqu opera preservation", "和孩子们一起，让昆山六百年的昆曲传下去。",
     "昆曲传承", "崑曲傳承"),
    ("school-nutrition", "School nutrition", "孩子们一起挑选的、更健康更好吃的学校午餐。",
     "学校营养餐", "學校營養餐"),
    ("child-friendly-transport", "Child-friendly transportation", "从一米高度看公交、地铁和过街路口。",
     "儿童友好交通", "兒童友好交通"),
    ("local-educational-trips", "Local educational trips", "走出教室，在家门口学习。",
     "本地研学", "本地研學"),
    ("summer-childcare", "Summer childcare", "187个暑期托管班，孩子们希望它们是什么样子。",
     "暑期托管", "暑期託管"),
    ("route-965-student-buses", "Route 965 and student buses",
     "儿童友好的965路公交和30条定制学生专线。",
     "965路公交与学生专线", "965路公交與學生專線"),
    ("city-of-readers", "Reading spaces and the City of Readers",
     "51个儿童阅读空间和“星空阅读”。",
     "阅读空间与书香城市", "閱讀空間與書香城市"),
    ("child-injury-prevention", "Child injury prevention", "“无伤童年，携手未来”。",
     "儿童伤害预防", "兒童傷害預防"),
    ("playground-safety", "Playground and amusement safety", "安全的滑梯、秋千和游乐设施。",
     "游乐场与游乐设施安全", "遊樂場與遊樂設施安全"),
    ("hospital-waiting-rooms", "Child-friendly hospital waiting rooms",
     "绘本、有趣的卫生图画，舒服地等着看病。",
     "儿童友好医院候诊区", "兒童友好醫院候診區"),
    ("study-tour-routes", "Study tour routes", "19条研学线路，由走过它们的孩子们来说一说。",
     "研学旅行线路", "研學旅行線路"),
    ("cross-strait-friendship", "Cross-strait children's friendship",
     "昆山和台湾的孩子们一起长大。",
     "两岸儿童友谊", "兩岸兒童友誼"),
    ("artux-friendship", "Friendship with Artux", "和阿图什的孩子们手拉手、心连心。",
     "昆山与阿图什手拉手", "崑山與阿圖什手拉手"),
    ("mental-health-support", "Mental health support", "“助你归航、助你远航”：有人可以说说心里话。",
     "心理健康支持", "心理健康支持"),
    ("safe-school-roads", "Safe roads to school", "每个校门口的过街、车速和接送。",
     "安全上学路", "安全上學路"),
)


def topic_names(english: str, simplified: str, traditional: str) -> dict[str, str]:
    """Return a topic's name in the three languages."""
    return {"zh-Hans": simplified, "zh-Hant": traditional, "en": english}


def session_name(today: date) -> str:
    return f"{today.year}年昆山市两会"


# -- staff --------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A demo staff member and what they do."""

    username: str
    role: Role
    display_name: str
    body: str | None = None
    topics: tuple[str, ...] = ()

    @property
    def password(self) -> str:
        return f"{self.role.value}-demo"  # demo only: printed on purpose


R = Role
STAFF = (
    Person("li.na", R.FACILITATOR, "李娜（花都一米议事板志愿者）"),
    Person("zhou.min", R.FACILITATOR, "周敏（小昆玉儿童观察团辅导员）"),
    Person("chen.jie", R.MODERATOR, "陈洁（审核员）"),
    Person("wang.fang", R.MODERATOR, "王芳（审核员）"),
    Person("xu.wei", R.DEPUTY, "徐伟（市人大代表）", None,
           ("kunqu-opera", "local-educational-trips", "study-tour-routes", "city-of-readers")),
    Person("lin.hua", R.DEPUTY, "林华（市人大代表）", None,
           ("school-nutrition", "summer-childcare", "mental-health-support", "child-injury-prevention")),
    Person("gu.ming", R.DEPUTY, "顾明（市政协委员）", None,
           ("child-friendly-transport", "route-965-student-buses", "safe-school-roads", "playground-safety")),
    Person("shen.li", R.DEPUTY, "沈丽（市政协委员）", None,
           ("cross-strait-friendship", "artux-friendship", "hospital-waiting-rooms", "kunqu-opera")),
    Person("wu.jing", R.OFFICIAL, "吴静（市卫生健康委员会）", "health-commission"),
    Person("zhao.lei", R.OFFICIAL, "赵磊（市教育局）", "education-bureau"),
    Person("sun.hao", R.OFFICIAL, "孙浩（市交通运输局）", "transport-bureau"),
    Person("qian.yu", R.OFFICIAL, "钱宇（市市场监督管理局）", "market-supervision"),
    Person("zhu.lan", R.OFFICIAL, "朱兰（市文体广电和旅游局）", "culture-tourism-bureau"),
    Person("ma.jun", R.OFFICIAL, "马骏（市住房和城乡建设局）", "housing-bureau"),
    Person("yang.mei", R.OFFICIAL, "杨梅（市妇女联合会）", "womens-federation"),
    Person("hu.bin", R.OFFICIAL, "胡斌（市民政局）", "civil-affairs-bureau"),
    Person("guo.qiang", R.OFFICIAL, "郭强（市公安局交通警察大队）", "traffic-police"),
    Person("lai.wen", R.OFFICIAL, "赖文（市台湾事务办公室）", "taiwan-affairs-office"),
    Person("tang.yi", R.OFFICIAL, "唐毅（市城市管理局）", "urban-management-bureau"),
    Person("dr.song", R.OFFICIAL, "宋医生（市第一人民医院）", "kunshan-first-peoples-hospital"),
    Person("dr.feng", R.OFFICIAL, "冯医生（市妇幼保健院）",
           "kunshan-maternal-and-child-health-hospital"),
    Person("luo.audit", R.AUDITOR, "罗平（审计员）"),
    Person("admin", R.ADMIN, "平台管理员"),
    Person("he.qing", R.SAFEGUARDING, "何清（儿童保护专员）"),
)


# -- what children write, and what the grown-ups answer ------------------------------

HOSPITAL = "hospital"  # a theme answered by the hospital the child visited


@dataclass(frozen=True)
class Theme:
    """A kind of idea children have, with the words each step of its life needs.

    ``kid_plan``, ``why_not`` and ``partly`` are (English, Chinese) words for
    the child; the rest is how the grown-ups write.
    """

    key: str
    category: Category
    channels: tuple[Channel, ...]
    body: str
    topic: str | None
    title: tuple[str, str]
    ideas: tuple[str, ...]
    plan: str
    kid_plan: tuple[str, str]
    why_not: tuple[str, str]
    partly: tuple[str, str]
    progress: str
    evidence: str
    web_kinds: tuple[VenueKind, ...] = ()
    aspect: str = ""
    home: str = ""


HOSPITAL_CHANNELS = (CH.HOSPITAL_REVIEW, CH.WEB)
TOPIC_CHANNELS = (CH.OBSERVATION_GROUP, CH.WEB, CH.MESSAGE_BOARD)
LOCAL_CHANNELS = (CH.MESSAGE_BOARD, CH.WEB)

THEMES = (
    Theme(
        "picture-books", C.SERVICES, HOSPITAL_CHANNELS, HOSPITAL, "hospital-waiting-rooms",
        ("More picture books", "更多绘本"),
        ("更多的绘本在候诊室", "候诊室的绘本太少了，我都看过三遍了", "可以放一些恐龙的书吗？",
         "Please put more picture books in the waiting room, and some in English",
         "The books in the waiting room are torn. Can we have new ones?"),
        "add picture books to the paediatric waiting rooms",
        ("put more picture books in the waiting room", "在候诊室放更多绘本"),
        ("the waiting room is being rebuilt this year", "候诊室今年正在重新装修"),
        ("put a small bookshelf there now, and build a reading corner after the rebuild",
         "先放一个小书架，装修好以后再建阅读角"),
        "Bookshelves ordered; 300 picture books collected in a City of Readers book drive",
        "Picture-book corners opened in the paediatric waiting rooms; photos and the donation list are on the notice board",
        (K.HOSPITAL,), "picture_books",
    ),
    Theme(
        "hygiene-visuals", C.SERVICES, HOSPITAL_CHANNELS, HOSPITAL, "hospital-waiting-rooms",
        ("Fun hand-washing pictures", "好玩的洗手图"),
        ("洗手的图可以画成卡通吗？", "厕所里的提示看不懂，字太小了",
         "Make the hand-washing posters funny, like a comic",
         "Put a song timer at the sink so we know when 20 seconds are over"),
        "replace hygiene notices with playful illustrated visuals at children's height",
        ("make the hand-washing pictures fun and hang them at your height", "把洗手的图画得好玩，贴在你们够得着的高度"),
        ("the hospital must use the national hygiene signs first", "医院要先用国家统一的卫生标志"),
        ("put cartoon posters next to the sinks in the children's area", "先在儿童区的洗手池旁边贴卡通海报"),
        "Children from the observation group drew the first designs; printing under way",
        "Cartoon hand-washing posters drawn with children now hang at one-metre height beside every sink in the paediatric wing",
        (K.HOSPITAL,), "hygiene_visuals",
    ),
    Theme(
        "waiting-comfort", C.SPACES, HOSPITAL_CHANNELS, HOSPITAL, "hospital-waiting-rooms",
        ("A comfier waiting room", "舒服的候诊室"),
        ("候诊室的椅子太高了，我的脚够不着", "等叫号的时间太长了，能不能有个屏幕告诉我们还要等多久",
         "座位不够，妈妈只能站着", "The waiting room is too cold in winter",
         "Can there be a place to play while we wait?"),
        "improve comfort in paediatric waiting rooms: child-height seats, a play corner and a queue display",
        ("make the waiting room comfier, with small chairs and a play corner", "让候诊室更舒服，有小椅子和游戏角"),
        ("there is no room for a play corner in this old building", "这栋老楼里没有地方放游戏角"),
        ("add child-height chairs and a screen that shows how long you still wait", "先加儿童高度的椅子和显示等待时间的屏幕"),
        "Child-height seating delivered; queue display being installed",
        "New paediatric waiting area with child-height seats, a play corner and a queue screen, opened before Children's Day",
        (K.HOSPITAL,), "waiting_room",
    ),
    Theme(
        "staff-kindness", C.SERVICES, HOSPITAL_CHANNELS, HOSPITAL, None,
        ("Explain it to me too", "也跟我解释一下"),
        ("护士姐姐很温柔，打针一点也不疼", "医生说话太快了，我听不懂",
         "The doctor gave me a sticker for being brave! More stickers please",
         "Please explain to kids what the medicine is for, not only to our parents"),
        "train paediatric staff to explain treatment to children in words they understand",
        ("teach doctors and nurses to explain things to children slowly and clearly", "请医生和护士用小朋友听得懂的话慢慢解释"),
        ("the training course for this year is already full", "今年的培训班已经满了"),
        ("start with the nurses of the children's ward", "先从儿科护士开始"),
        "Two 'Talking with Children' training sessions held with the Health Commission",
        "Every paediatric nurse and doctor completed the 'Talking with Children' course; picture cards explain common treatments",
        (K.HOSPITAL,), "staff_kindness",
    ),
    Theme(
        "kunqu", C.SERVICES, TOPIC_CHANNELS, "culture-tourism-bureau", "kunqu-opera",
        ("Kunqu for kids", "小朋友的昆曲"),
        ("希望学校每周有一节昆曲课", "昆曲的故事可以做成动画片给小朋友看",
         "I want to learn Kunqu opera but the classes are far away from my home",
         "Could the Kunqu museum have a kids' day where we try on the costumes?"),
        "bring Kunqu opera into schools with taster classes and a children's day at the Kunqu museum",
        ("bring Kunqu opera classes to more schools", "让更多学校开昆曲课"),
        ("there are not enough Kunqu teachers yet", "现在昆曲老师还不够"),
        ("start a monthly Kunqu children's day at the museum", "先在昆曲博物馆每月办一次儿童开放日"),
        "The Kunqu troupe visited 12 schools; costume workshop booked",
        "Kunqu taster classes now run in 20 primary schools; the first children's costume day had 300 visitors",
        (K.SCHOOL,),
    ),
    Theme(
        "nutrition", C.SERVICES, TOPIC_CHANNELS, "education-bureau", "school-nutrition",
        ("Better school lunches", "更好吃的午饭"),
        ("学校午饭的蔬菜太少了", "希望食堂每天都有水果", "我对花生过敏，希望菜单上标出来",
         "Lunch is too salty and sometimes cold", "Can students vote on the school menu once a month?"),
        "improve school lunches: more vegetables and fruit, less salt, allergen labels and a monthly menu vote",
        ("make school lunches healthier and let you vote on the menu", "让午饭更健康，还让你们投票选菜单"),
        ("the menu has to follow the nutrition rules for the whole city", "菜单要按照全市统一的营养标准来定"),
        ("label allergens on every menu and add fruit three days a week", "先在菜单上标出过敏食物，每周三天有水果"),
        "Allergen labels on menus in 60 schools; the menu vote is being piloted",
        "Every school canteen menu now shows allergens, and students vote on one menu day each month",
        (K.SCHOOL,),
    ),
    Theme(
        "transport", C.SPACES, TOPIC_CHANNELS, "transport-bureau", "child-friendly-transport",
        ("Buses for short people", "适合小朋友的公交"),
        ("公交车的扶手太高了，我们够不着", "希望地铁站有儿童专用的安检通道",
         "Bus stop signs should have pictures for kids who can't read well yet",
         "Please make the green light longer, my little brother walks slowly"),
        "make buses, stops and crossings usable at a child's height",
        ("add low handrails and picture signs at bus stops", "加装低扶手和带图画的站牌"),
        ("the buses are replaced only every eight years", "公交车要八年才换一次"),
        ("add low handrails on the buses of the busiest school routes first", "先在上学最挤的线路上加装低扶手"),
        "Low handrails fitted on 40 buses; picture signs designed",
        "Low handrails on every bus of the school routes and picture signs at 120 stops",
    ),
    Theme(
        "route-965", C.SERVICES, TOPIC_CHANNELS, "transport-bureau", "route-965-student-buses",
        ("Route 965", "965路"),
        ("965路车早上太挤了", "学生卡坐车免费，太好了！能不能周末也免费？", "定制公交能不能开到我们村？",
         "Can Route 965 come every 10 minutes after school?",
         "The student bus should have a seat belt for every seat"),
        "add Route 965 departures after school and extend the custom student bus routes",
        ("run Route 965 more often after school", "放学时965路多开几班"),
        ("there are not enough drivers for more buses this term", "这学期司机还不够，没法多开车"),
        ("add two more buses at 4:30 pm on school days", "上学日下午四点半加开两班车"),
        "Timetable change approved; two buses added at 16:30",
        "Route 965 now runs every 10 minutes from 16:00 to 17:30 on school days; a 31st custom student route opened",
        (K.SCHOOL,),
    ),
    Theme(
        "trips", C.SERVICES, TOPIC_CHANNELS, "culture-tourism-bureau", "local-educational-trips",
        ("School trips nearby", "家门口的研学"),
        ("想去周庄学做万三蹄", "研学路线能不能加上阳澄湖", "More trips to the Kunshan museum please",
         "Can we visit the chocolate factory on a school trip?"),
        "add local educational trips to the water towns, the lakes and child-friendly enterprises",
        ("add trips to Zhouzhuang, Yangcheng Lake and local factories", "增加去周庄、阳澄湖和本地工厂的研学"),
        ("the trips must fit the school calendar, which is full this term", "这学期的校历已经排满了"),
        ("add one factory visit to this term's trips", "这学期先加一次参观工厂"),
        "Two enterprises signed up for school visits",
        "Six new trip days added to the calendar, including the Chocohappy Learn & Play factory tour",
        (K.SCHOOL, K.PARK),
    ),
    Theme(
        "study-routes", C.PARTICIPATION, TOPIC_CHANNELS, "culture-tourism-bureau", "study-tour-routes",
        ("Kids design a route", "小朋友设计路线"),
        ("19条研学路线，希望有一张儿童版地图", "研学的时候午饭太贵了",
         "Let kids design one of the study tour routes", "The study tour bus ride is too long, add a stop to play"),
        "let children co-design a study tour route and publish a children's map of the 19 routes",
        ("let children design a study tour route and draw a kids' map", "请小朋友一起设计研学路线，画一张儿童地图"),
        ("the routes were fixed with the travel agencies for this year", "今年的路线已经和旅行社定好了"),
        ("publish the children's map of the routes this year", "今年先出一张儿童版路线地图"),
        "Workshop with 30 children held; map drafted",
        "The children's map of the 19 study tour routes is on the Luchengtong App, with one route designed by children",
    ),
    Theme(
        "summer-care", C.SERVICES, TOPIC_CHANNELS, "education-bureau", "summer-childcare",
        ("Summer childcare", "暑托班"),
        ("暑托班可以多一些体育活动吗？", "希望暑托班在我家附近的社区也有",
         "Summer childcare ends at 4 pm but my parents work until 6",
         "I liked the summer programme at my mum's company, more companies should do it"),
        "extend summer childcare hours and add sports and community locations",
        ("keep summer childcare open until your parents finish work", "让暑托班开到爸爸妈妈下班"),
        ("there are not enough teachers to stay late", "没有足够的老师可以留到那么晚"),
        ("add more sports and open in ten more communities", "增加体育活动，再开十个社区点"),
        "Ten community sites confirmed for next summer",
        "Summer childcare now runs until 18:00 at 40 sites, with football and swimming twice a week",
    ),
    Theme(
        "reading", C.SPACES, TOPIC_CHANNELS, "culture-tourism-bureau", "city-of-readers",
        ("A better reading space", "更好的阅读空间"),
        ("图书馆周末开得太晚了", "星空亲子阅读活动太好玩了，希望每个月都有", "地铁站的阅读角很棒，能不能多开几个？",
         "The reading space needs bean bags", "Please have more comics and science books"),
        "extend reading-space hours, add comfortable seating and monthly Starlit Sky reading nights",
        ("open the reading spaces longer and hold Starlit Sky reading every month",
         "阅读空间开得更久，每个月都办星空阅读"),
        ("the reading spaces are run by volunteers who cannot stay later", "阅读空间靠志愿者值班，晚上没人"),
        ("hold Starlit Sky reading every month and add bean bags", "每个月办星空阅读，再添一些懒人沙发"),
        "Bean bags delivered to 20 reading spaces; monthly programme drafted",
        "All 51 children's reading spaces now open until 20:00 on weekends, with Starlit Sky reading every month",
        (K.READING_SPACE,),
    ),
    Theme(
        "injury", C.PROTECTION, TOPIC_CHANNELS, "health-commission", "child-injury-prevention",
        ("Stay safe", "注意安全"),
        ("小区的楼梯没有扶手", "窗户要装防护栏，小弟弟会爬上去",
         "Teach us first aid at school", "There should be a lifeguard at the swimming pool all day"),
        "run first-aid classes in schools and check window guards and stair rails in old neighbourhoods",
        ("teach first aid at school and check windows and stairs at home", "在学校教急救，检查窗户和楼梯"),
        ("checking every home needs the families to agree first", "检查每一户都要先征得家里人同意"),
        ("start first-aid classes this term", "这学期先开急救课"),
        "The Child Injury Prevention and Control Center trained 80 teachers",
        "First-aid classes in every primary school; 1,200 window guards fitted in old neighbourhoods",
        (K.SCHOOL, K.COMMUNITY),
    ),
    Theme(
        "playground", C.PROTECTION, (CH.MESSAGE_BOARD, CH.WEB, CH.OBSERVATION_GROUP), "market-supervision",
        "playground-safety",
        ("Safe playground", "安全的游乐场"),
        ("滑梯下面的垫子坏了", "秋千的链子生锈了",
         "Please add shade over the slide at the park, it gets too hot to touch",
         "The trampoline at the mall has no safety net"),
        "inspect playgrounds and amusement facilities and fix what children reported",
        ("check the playground and fix what is broken", "检查游乐场，把坏的地方修好"),
        ("that playground belongs to a private mall, which must fix it itself", "那个游乐场是商场的，要商场自己修"),
        ("fix the broken parts now and add shade next spring", "先修好坏的地方，明年春天再装遮阳棚"),
        "Inspection done; two unsafe items closed and repair ordered",
        "Repairs finished and the playground passed its safety inspection; a shade sail now covers the slide",
        (K.PLAYGROUND, K.PARK),
    ),
    Theme(
        "school-road", C.PROTECTION, TOPIC_CHANNELS, "traffic-police", "safe-school-roads",
        ("A safe way to school", "安全上学路"),
        ("学校门口车太多，过马路很危险", "放学时电动车骑得太快了",
         "We need a zebra crossing and a crossing guard at the school gate",
         "The new road near our school is great, can other schools have it too?"),
        "upgrade the road around the school: crossing, speed limit and a drop-off bay",
        ("make the road by your school safer with a crossing and slower cars", "在学校门口加斑马线，让车开慢一点"),
        ("the road belongs to a construction site until next year", "那条路明年之前还是工地"),
        ("send a crossing guard at school times now", "先在上下学时间派交通协管员"),
        "Survey done; road markings scheduled for the holidays",
        "Road upgrade finished around the school: raised crossing, 30 km/h signs and a drop-off bay",
        (K.SCHOOL,),
    ),
    Theme(
        "mental-health", C.PROTECTION, TOPIC_CHANNELS, "civil-affairs-bureau", "mental-health-support",
        ("Someone to talk to", "有人可以聊聊"),
        ("考试前很紧张，希望学校有人可以聊聊", "希望有不用告诉老师的心理热线",
         "Can there be a quiet room at school?", "My friend is sad all the time, how can I help her?"),
        "place school social workers and quiet rooms in schools, with a confidential helpline",
        ("make sure there is someone to talk to at every school", "让每个学校都有可以聊天的人"),
        ("there are not enough trained social workers yet", "受过训练的社工还不够"),
        ("open quiet rooms in 20 schools and share the helpline number", "先在20所学校开放静心室，公布心理热线"),
        "Helping You Sail social workers assigned to 20 more schools",
        "Quiet rooms and a school social worker in every middle school; the helpline number is on every student card",
        (K.SCHOOL,),
    ),
    Theme(
        "cross-strait", C.FRIENDSHIP, (CH.MESSAGE_BOARD, CH.OBSERVATION_GROUP, CH.WEB), "taiwan-affairs-office",
        "cross-strait-friendship",
        ("Friends across the strait", "两岸好朋友"),
        ("花都社区的台湾小朋友和我们一起过中秋吧", "想和台湾的同学做笔友", "两岸夏令营能不能多一些名额？",
         "More frisbee games with the Taiwanese school!"),
        "hold more cross-strait children's activities in Huadu and across the city",
        ("hold more activities with Taiwanese friends", "多办和台湾小朋友一起的活动"),
        ("the summer camp places are set with our partners in Taiwan", "夏令营的名额是和台湾的伙伴一起定的"),
        ("hold a Mid-Autumn lantern party in Huadu this year", "今年先在花都办一次中秋灯会"),
        "Lantern party planned with the Huadu community",
        "Blossoming Across the Straits lantern party held in Huadu with 200 children; frisbee league runs monthly",
        (K.COMMUNITY, K.SCHOOL), "", "huadu-board",
    ),
    Theme(
        "artux", C.FRIENDSHIP, TOPIC_CHANNELS, "womens-federation", "artux-friendship",
        ("Friends in Artux", "阿图什的朋友"),
        ("想给阿图什的小朋友寄书", "手拉手夏令营太开心了，明年还想去",
         "Can we video-call our friends in Artux?",
         "Let's teach Artux kids Kunqu and they teach us their dances"),
        "connect Kunshan and Artux classes with book exchanges and video calls",
        ("set up video calls and a book exchange with Artux schools", "和阿图什的学校视频通话、交换图书"),
        ("the schools in Artux do not all have video equipment yet", "阿图什的学校还没有都装视频设备"),
        ("send a box of books from every school this term", "这学期每个学校先寄一箱书"),
        "4,000 books collected; first video call tested",
        "Ten twinned classes now talk every month; the Hand-in-Hand camp took 50 more children",
    ),
    Theme(
        "community", C.SPACES, LOCAL_CHANNELS, "housing-bureau", None,
        ("Our neighbourhood", "我们的小区"),
        ("小区里没有可以踢球的地方", "希望小区有一个雨天也能玩的地方", "老小区改造的时候，请问问我们小朋友的意见",
         "Please fix the broken streetlight next to the message board", "Add benches that are our size"),
        "create play space in the neighbourhood renovation and consult children on the design",
        ("make a place to play in your neighbourhood and ask children about the design",
         "在小区里建一个玩的地方，并且问问小朋友怎么设计"),
        ("there is no free land in this neighbourhood", "小区里没有空地了"),
        ("fix the light now and ask children about the renovation plan", "先修好路灯，改造方案请小朋友一起看"),
        "Children's design workshop held in the community hall",
        "The renovated courtyard has a small football pitch, child-height benches and new lights",
        (K.COMMUNITY,),
    ),
    Theme(
        "parks", C.SPACES, LOCAL_CHANNELS, "urban-management-bureau", None,
        ("A better park", "更好的公园"),
        ("公园的厕所太远了", "公园里要多种树，夏天太晒了", "希望公园有沙坑",
         "Please add drinking fountains in the park", "Dogs without a lead scare me in the park"),
        "add shade trees, drinking fountains, a sandpit and nearer toilets in the park",
        ("add trees, water fountains and a sandpit to the park", "在公园里种树、装饮水机、建沙坑"),
        ("the park is a heritage garden where nothing can be built", "这个公园是文物园林，不能新建东西"),
        ("add two drinking fountains this summer", "今年夏天先装两个饮水机"),
        "Trees planted; fountains on order",
        "Forty shade trees, three drinking fountains and a sandpit are now in the park",
        (K.PARK,),
    ),
    Theme(
        "voice", C.PARTICIPATION, (CH.WEB, CH.MESSAGE_BOARD, CH.OBSERVATION_GROUP), "womens-federation", None,
        ("Let children decide too", "也让小朋友决定"),
        ("我们想参加社区的议事会", "一米留言板很好，希望回复快一点",
         "Let kids vote on how the park money is spent", "Can children be judges at the Children's Day festival?"),
        "give children seats on community councils and a vote on small local budgets",
        ("give children a seat at the community council", "在社区议事会给小朋友留座位"),
        ("the councils' rules are being rewritten this year", "议事会的规则今年正在修改"),
        ("invite two children to every community council meeting", "每次社区议事会先请两个小朋友参加"),
        "Rules drafted with the observation group",
        "Every community council now has two child members, chosen by the children themselves",
        (K.COMMUNITY,),
    ),
    Theme(
        "products", C.PROTECTION, (CH.WEB, CH.MESSAGE_BOARD), "market-supervision", None,
        ("Safe things for kids", "安全的儿童用品"),
        ("文具店的橡皮味道很大", "校门口小卖部卖过期零食", "网上的游戏广告总是弹出来",
         "Toys at the night market break easily and have sharp edges"),
        "inspect children's products, snacks near schools and online advertising aimed at minors",
        ("check the shops and the ads and stop the unsafe ones", "检查商店和广告，不安全的要停下来"),
        ("the shop is online and outside Kunshan", "那家网店不在昆山"),
        ("inspect the shops near your school this month", "这个月先检查你们学校附近的商店"),
        "Twenty shops inspected; two fined",
        "Inspections of every shop near a school done; unsafe erasers and expired snacks removed from sale",
    ),
)


def theme_weight(theme: Theme) -> int:
    """Hospital reviews are a channel of their own: give their themes a larger share."""
    return 2 if theme.body == HOSPITAL else 1


# -- stories: the paths an idea takes -----------------------------------------------

A, P, N = Decision.ADOPTED, Decision.PARTLY_ADOPTED, Decision.NOT_ADOPTED


class Move(Enum):
    """What the demo's people do to an idea (a staff step, a child's step, or a chance of one)."""

    ACCEPT = auto()
    GROUP = auto()
    MAYBE_GROUP = auto()  # usual in an observation group, else now and then
    FORWARD = auto()
    MISROUTE = auto()  # forwarded to the wrong body first
    ANSWER = auto()  # takes the decision
    PROGRESS = auto()
    IMPLEMENT = auto()
    REACT = auto()
    MAYBE_REACT = auto()
    RECONSIDER = auto()
    DECLINE = auto()
    MERGE = auto()
    WITHDRAW = auto()


Play = tuple[Move] | tuple[Move, Decision]


@dataclass(frozen=True)
class Story:
    """A path through the lifecycle, as moves, and how often it happens."""

    name: str
    steps: tuple[Play, ...]
    weight: int
    needs_topic: bool = False
    declined: bool = False


def steps(*moves: Move | Play) -> tuple[Play, ...]:
    """Return the moves of a story, each with its arguments (``(Move.ANSWER, A)``)."""
    return tuple(move if isinstance(move, tuple) else (move,) for move in moves)


M = Move
STORIES = (
    Story("new", steps(), 2),
    Story("accepted", steps(M.ACCEPT), 2),
    Story("grouped", steps(M.ACCEPT, M.GROUP), 2, needs_topic=True),
    Story("forwarded", steps(M.ACCEPT, M.MAYBE_GROUP, M.FORWARD), 3),
    Story("answered", steps(M.ACCEPT, M.MAYBE_GROUP, M.FORWARD, (M.ANSWER, A), M.REACT), 5),
    Story("partly", steps(M.ACCEPT, M.MAYBE_GROUP, M.FORWARD, (M.ANSWER, P), M.REACT), 5),
    Story("not_adopted", steps(M.ACCEPT, M.MAYBE_GROUP, M.FORWARD, (M.ANSWER, N), M.REACT), 25),
    Story("in_progress", steps(M.ACCEPT, M.MAYBE_GROUP, M.FORWARD, (M.ANSWER, A), M.PROGRESS, M.REACT), 5),
    Story("in_progress_twice", steps(M.ACCEPT, M.FORWARD, (M.ANSWER, P), M.PROGRESS, M.PROGRESS), 3),
    Story("done", steps(M.ACCEPT, M.MAYBE_GROUP, M.FORWARD, (M.ANSWER, A), M.PROGRESS, M.IMPLEMENT,
                               M.REACT), 7),
    Story("declined", steps(M.DECLINE, M.MAYBE_REACT), 7, declined=True),
    Story("merged", steps(M.MERGE), 4),
    Story("withdrawn", steps(M.WITHDRAW), 2),
    Story("reconsidered", steps(M.ACCEPT, M.FORWARD, (M.ANSWER, N), M.RECONSIDER), 4),
    Story("looked_again", steps(M.ACCEPT, M.FORWARD, (M.ANSWER, N), M.RECONSIDER, M.FORWARD, (M.ANSWER, P),
                                M.REACT), 2),
    Story("rerouted", steps(M.ACCEPT, M.MISROUTE, M.FORWARD), 2),
    Story("deputy_answered", steps(M.ACCEPT, M.GROUP, (M.ANSWER, A), M.REACT), 2, needs_topic=True),
    Story("quick_fix", steps(M.ACCEPT, M.FORWARD, (M.ANSWER, A), M.IMPLEMENT, M.REACT), 2),
    Story("merged_after_review", steps(M.ACCEPT, M.MERGE), 1),
    Story("withdrawn_later", steps(M.ACCEPT, M.FORWARD, M.WITHDRAW), 1),
)

AGE_BANDS = tuple(AgeBand)
AGE_WEIGHTS = (25, 35, 28, 12)
