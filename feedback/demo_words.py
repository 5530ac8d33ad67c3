"""What the demo's people write: children's words in three scripts, and the grown-ups' answers in Chinese.

Children in Kunshan mostly write Simplified Chinese, short and concrete, the way
they talk; Taiwanese children living in Kunshan (Huaqiao, the Taiwanese school)
write Traditional Chinese as they learned it in Taiwan; a few write English. The
English ideas are the themes' own (``THEMES`` in demo_data.py); the Chinese ones
are here, by theme key. Bodies answer in Chinese, in the first person plural
("我们…"), in words a child can read.

This module holds content only: no place, topic or district names (those live in
demo_data.py and the venue registrations).
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.values import Category, Decision, Reaction

HANS, HANT, EN = "zh-Hans", "zh-Hant", "en"

# How often a child writes in each script (a theme may lean another way: see LEANS).
SCRIPT_WEIGHTS = {HANS: 76, HANT: 14, EN: 10}
LEANS = {"cross-strait": {HANS: 45, HANT: 45, EN: 10}}

# -- children's ideas, by theme: (Simplified, Traditional) ---------------------------------

IDEAS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "picture-books": (
        ("候诊室的绘本太少了，我都看过三遍了", "可以放一些恐龙的书吗？", "更多的绘本在候诊室",
         "排队好无聊，要是有书看就好了", "绘本都破了，能换新的吗"),
        ("候診室可以多放一些繪本嗎？", "我想看有注音的故事書"),
    ),
    "hygiene-visuals": (
        ("洗手的图可以画成卡通吗？", "厕所里的提示看不懂，字太小了", "洗手池太高了，我要踮脚才够得到"),
        ("洗手的海報可以畫成卡通嗎？", "洗手台好高，我搆不到水龍頭"),
    ),
    "waiting-comfort": (
        ("候诊室的椅子太高了，我的脚够不着", "等叫号的时间太长了，能不能有个屏幕告诉我们还要等多久",
         "座位不够，妈妈只能站着", "候诊室冬天好冷", "等的时候能不能有个地方玩一下"),
        ("候診室的椅子太高了，腳都踩不到地", "等好久喔，可以有螢幕顯示還要等多久嗎？"),
    ),
    "staff-kindness": (
        ("护士姐姐很温柔，打针一点也不疼", "医生说话太快了，我听不懂", "医生能不能也跟我说说，不要只跟妈妈说",
         "打完针医生给了我一张贴纸，好开心"),
        ("護理師姐姐很溫柔，打針一點都不痛", "醫生可以跟小朋友解釋藥是做什麼的嗎？"),
    ),
    "kunqu": (
        ("希望学校每周有一节昆曲课", "昆曲的故事可以做成动画片给小朋友看", "我想穿昆曲的戏服拍照",
         "昆曲班离我家太远了"),
        ("我想學崑曲，可是上課的地方好遠", "崑曲的衣服好漂亮，可以讓我們試穿嗎？"),
    ),
    "nutrition": (
        ("学校午饭的蔬菜太少了", "希望食堂每天都有水果", "我对花生过敏，希望菜单上标出来",
         "午饭太咸了，有时候还是冷的", "能不能让我们投票选菜单", "校园午餐能不能多一点蔬菜和水果"),
        ("學校午餐太鹹了", "我對花生過敏，菜單可以標出來嗎？", "校園午餐可以少放一點鹽嗎？"),
    ),
    "transport": (
        ("公交车的扶手太高了，我们够不着", "希望地铁站有儿童专用的安检通道", "公交站牌的字太小了，我看不懂",
         "绿灯太短了，我弟弟走得慢"),
        ("公車的拉環太高了，我們抓不到", "站牌可以加圖案嗎？我還看不懂很多字"),
    ),
    "route-965": (
        ("965路车早上太挤了", "学生卡坐车免费，太好了！能不能周末也免费？", "定制公交能不能开到我们村？",
         "放学的时候965路要等好久"),
        ("965路早上好擠，可以多開幾班嗎？", "學生公車每個座位都要有安全帶"),
    ),
    "trips": (
        ("想去周庄学做万三蹄", "研学路线能不能加上阳澄湖", "想多去几次昆山博物馆", "春游能不能去巧克力工厂"),
        ("想去陽澄湖看大閘蟹怎麼養", "校外教學可以去博物館嗎？"),
    ),
    "study-routes": (
        ("19条研学路线，希望有一张儿童版地图", "研学的时候午饭太贵了", "我们也想设计一条研学路线",
         "研学坐车的时间太长了"),
        ("可以讓小朋友自己設計一條研學路線嗎？", "研學的地圖可以畫給小朋友看嗎？"),
    ),
    "summer-care": (
        ("暑托班可以多一些体育活动吗？", "希望暑托班在我家附近的社区也有", "暑托班四点就结束了，爸爸妈妈六点才下班",
         "暑托班能不能教游泳"),
        ("暑托班可以多一點運動嗎？", "暑假的托班離我家好遠"),
    ),
    "reading": (
        ("图书馆周末开得太晚了", "星空亲子阅读活动太好玩了，希望每个月都有", "地铁站的阅读角很棒，能不能多开几个？",
         "阅读角想要懒人沙发", "想要更多漫画书和科学书"),
        ("圖書館週末可以開晚一點嗎？", "星空親子閱讀好好玩，希望每個月都有"),
    ),
    "injury": (
        ("小区的楼梯没有扶手", "窗户要装防护栏，小弟弟会爬上去", "想在学校学急救", "游泳池要一直有救生员"),
        ("窗戶要裝防護欄，我弟弟會爬上去", "學校可以教我們急救嗎？"),
    ),
    "playground": (
        ("滑梯下面的垫子坏了", "秋千的链子生锈了", "滑梯夏天太烫了，能不能加个遮阳棚", "商场的蹦床没有安全网"),
        ("溜滑梯下面的墊子破了", "盪鞦韆的鏈子生鏽了"),
    ),
    "school-road": (
        ("学校门口车太多，过马路很危险", "放学时电动车骑得太快了", "校门口需要斑马线和护学岗",
         "早上送孩子的车都停在路中间"),
        ("學校門口車好多，過馬路好危險", "放學的時候機車騎好快"),
    ),
    "mental-health": (
        ("考试前很紧张，希望学校有人可以聊聊", "希望有不用告诉老师的心理热线", "学校能不能有一个安静的房间",
         "我的好朋友总是不开心，我怎么帮她"),
        ("考試前好緊張，希望有人可以聊聊", "學校可以有一間安靜的教室嗎？"),
    ),
    "cross-strait": (
        ("花都社区的台湾小朋友和我们一起过中秋吧", "想和台湾的同学做笔友", "两岸夏令营能不能多一些名额？",
         "想和台商子弟学校的同学一起玩飞盘"),
        ("我是台灣來的，想跟昆山的同學一起過中秋節", "希望兩岸夏令營名額可以多一點",
         "我們學校可以跟附近的小學一起辦運動會嗎？", "想跟大陸的同學當筆友"),
    ),
    "artux": (
        ("想给阿图什的小朋友寄书", "手拉手夏令营太开心了，明年还想去", "能不能和阿图什的朋友视频聊天",
         "我们教他们昆曲，他们教我们跳舞"),
        ("想寄書給阿圖什的小朋友", "可以跟阿圖什的朋友視訊嗎？"),
    ),
    "community": (
        ("小区里没有可以踢球的地方", "希望小区有一个雨天也能玩的地方", "老小区改造的时候，请问问我们小朋友的意见",
         "留言板旁边的路灯坏了", "小区的长椅太高了"),
        ("社區沒有可以踢球的地方", "下雨天的時候也想有地方玩"),
    ),
    "parks": (
        ("公园的厕所太远了", "公园里要多种树，夏天太晒了", "希望公园有沙坑", "公园里想要喝水的地方",
         "公园里的狗不拴绳，我好怕"),
        ("公園的廁所太遠了", "公園可以多種樹嗎？夏天好曬"),
    ),
    "voice": (
        ("我们想参加社区的议事会", "一米留言板很好，希望回复快一点", "公园的钱怎么花，让我们也投票",
         "六一的活动能不能让小朋友当评委"),
        ("我們也想參加社區的議事會", "一米留言板很棒，希望回覆快一點"),
    ),
    "products": (
        ("文具店的橡皮味道很大", "校门口小卖部卖过期零食", "网上的游戏广告总是弹出来", "夜市的玩具一下就坏了，边还很尖"),
        ("文具店的橡皮擦味道好重，聞了頭好暈", "學校門口的零食過期了"),
    ),
}

# What the grown-ups report while the work goes on, and when it is done (Chinese, for everyone).
PROGRESS: dict[str, str] = {
    "picture-books": "书架已经订好了，“书香城市”募书活动收到了300本绘本。",
    "hygiene-visuals": "观察团的小朋友画好了第一批图，正在印刷。",
    "waiting-comfort": "儿童高度的座椅已经到了，叫号屏幕正在安装。",
    "staff-kindness": "我们和卫健委一起办了两期“和孩子说话”培训。",
    "kunqu": "昆剧团已经走进12所学校，戏服体验课也约好了。",
    "nutrition": "60所学校的菜单已经标出过敏食物，菜单投票正在试点。",
    "transport": "40辆公交车装上了低扶手，图画站牌设计好了。",
    "route-965": "新的时刻表批下来了，16:30加开两班车。",
    "trips": "两家企业同意接待学校参观。",
    "study-routes": "我们和30个小朋友开了工作坊，儿童版地图画好了草稿。",
    "summer-care": "明年暑假新增的10个社区托班点已经确定。",
    "reading": "20个阅读空间收到了懒人沙发，每月活动计划写好了。",
    "injury": "儿童伤害防控中心培训了80位老师。",
    "playground": "检查做完了，两个不安全的设施先关了，正在修。",
    "school-road": "调查做完了，假期里画新的标线。",
    "mental-health": "“助你远航”的社工又进了20所学校。",
    "cross-strait": "我们和花都社区一起准备了灯会。",
    "artux": "已经收到4000本书，第一次视频通话试好了。",
    "community": "我们在社区活动室和小朋友一起开了设计会。",
    "parks": "树已经种下去了，饮水机订好了。",
    "voice": "我们和观察团一起起草了新规则。",
    "products": "查了20家店，罚了两家。",
}

EVIDENCE: dict[str, str] = {
    "picture-books": "儿科候诊室的绘本角开放了，照片和捐书名单贴在公告栏上。",
    "hygiene-visuals": "小朋友画的卡通洗手图已经贴在儿科每个洗手池旁边，一米高。",
    "waiting-comfort": "新的儿科候诊区在六一前开放了：有儿童座椅、游戏角和叫号屏幕。",
    "staff-kindness": "儿科的医生护士都上完了“和孩子说话”的课，常见治疗有图卡解释。",
    "kunqu": "20所小学开了昆曲体验课，第一次戏服体验日来了300个小朋友。",
    "nutrition": "每个学校食堂的菜单都标出了过敏食物，每月有一天的菜由学生投票选。",
    "transport": "学生线路的公交车都装了低扶手，120个站台有了图画站牌。",
    "route-965": "上学日16:00到17:30，965路每10分钟一班；第31条定制学生专线开通了。",
    "trips": "研学日历新增了6天，包括巧克力工厂参观。",
    "study-routes": "19条研学路线的儿童版地图上线了，其中一条是小朋友自己设计的。",
    "summer-care": "40个暑托班点开到18:00，每周两次足球和游泳。",
    "reading": "51个儿童阅读空间周末都开到20:00，每月都有星空阅读。",
    "injury": "每所小学都开了急救课，老小区装了1200个窗户护栏。",
    "playground": "修好了，游乐场通过了安全检查，滑梯上面也有了遮阳篷。",
    "school-road": "学校周边道路改好了：抬高的斑马线、30公里限速牌和临时停车区。",
    "mental-health": "每所中学都有了安静室和驻校社工，学生卡背面印着心理热线。",
    "cross-strait": "“两岸花开”灯会在花都社区办好了，200个小朋友参加；飞盘联赛每月一次。",
    "artux": "10个结对班级每月视频聊天，“手拉手”夏令营多了50个名额。",
    "community": "改造好的院子有了小足球场、儿童长椅和新路灯。",
    "parks": "公园种了40棵树，装了3个饮水机，还有一个沙坑。",
    "voice": "每个社区议事会都有两位小朋友代表，是小朋友自己选出来的。",
    "products": "学校周边的店都查过了，有异味的橡皮和过期零食都下架了。",
}

# -- the grown-ups' answers -------------------------------------------------------------

A, P, N = Decision.ADOPTED, Decision.PARTLY_ADOPTED, Decision.NOT_ADOPTED

RESPONSES = {
    A: "经研究，我们采纳这条建议：{plan}，并列入今年的儿童友好城市工作计划。",
    P: "经研究，我们部分采纳这条建议。今年{partly}，其余部分纳入明年的计划再评估。",
    N: "经研究，这条建议目前暂不能采纳，原因是{why_not}。我们已存档，明年再研究。",
}

EXPLANATIONS = {
    A: "好主意！我们会{plan}。谢谢你告诉我们。",
    P: "我们会{partly}。现在还不能全部做到，但是我们已经开始了。",
    N: "我们认真想了你的建议，但是现在还不能{plan}，因为{why_not}。明年我们会再看一看。",
}


def official_response(decision: Decision, plan: str, partly: str, why_not: str) -> str:
    """Return the body's formal answer (Chinese, first person plural)."""
    return RESPONSES[decision].format(plan=plan, partly=partly, why_not=why_not)


def child_explanation(decision: Decision, plan: str, partly: str, why_not: str) -> str:
    """Return the answer in words a child can read (Chinese)."""
    return EXPLANATIONS[decision].format(plan=plan, partly=partly, why_not=why_not)


# -- ideas a moderator declines ----------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """An idea a moderator declines, with the reason (for staff) and the words for the child."""

    text: str
    category: Category
    reason: str
    explanation: str


C = Category
DECLINES = (
    Refusal("作业全部取消！", C.SERVICES, "不属于本项目：作业由各学校安排",
            "作业是每个学校的老师安排的，我们这里改不了。你可以在班会上和老师说说你的想法哦！"),
    Refusal("I want a real dragon in the park", C.SPACES, "无法实现",
            "龙只住在故事里，我们请不来。不过做一个龙形状的滑梯，说不定是个好主意！"),
    Refusal("test test 123", C.PARTICIPATION, "测试留言，没有建议内容",
            "这看起来是一条测试留言，里面没有建议。有想法的时候再来告诉我们吧！"),
    Refusal("我弟弟太吵了", C.PROTECTION, "家庭内部的事，不是城市的事",
            "这是家里的事，城市帮不上忙。如果你心里难过，可以和爸爸妈妈或者老师说说。"),
    Refusal("Make school start at 12 o'clock", C.SERVICES, "上课时间由国家统一规定",
            "全国的上课时间都是一样的，我们改不了。运动会那天能不能晚一点到校，你可以问问学校！"),
    Refusal("每天都放假", C.SERVICES, "无法实现",
            "每天都放假的话就学不到新东西啦。你最想在假期做什么？可以再告诉我们！"),
    Refusal("在我们学校里开一家汉堡店", C.SPACES, "商业要求，不符合学校饮食规定",
            "为了让午饭健康，学校里不开店。你喜欢哪些健康的小零食？告诉我们吧！"),
    Refusal("给我们班买一个游戏机", C.SPACES, "只涉及一个班，由学校自己决定",
            "班里的东西由学校自己决定。你可以请班长在班会上提出来。"),
    Refusal("可以每天都吃炸雞嗎", C.SERVICES, "不属于本项目：饮食由家庭决定",
            "天天吃炸鸡对身体不好哦。学校午饭想吃什么，可以在菜单投票的时候告诉我们！"),
)

# -- what children say back ----------------------------------------------------------------

REACTION_WORDS: dict[Reaction, dict[str, tuple[str, ...]]] = {
    Reaction.HAPPY: {EN: ("Thank you!!", "Yay! I can't wait"),
                     HANS: ("谢谢！", "太棒了，我会去看看的", "谢谢你们听我们的", "耶！"),
                     HANT: ("謝謝！", "太棒了，好期待")},
    Reaction.OKAY: {EN: ("OK, but please hurry",),
                    HANS: ("好吧，希望快一点", "还可以，希望早点做到"),
                    HANT: ("好吧，希望快一點",)},
    Reaction.UNHAPPY: {EN: ("That's not fair, we really need it",),
                       HANS: ("可是我们真的很需要", "我觉得还可以再想想办法", "为什么不行呀"),
                       HANT: ("可是我們真的很需要", "可以再想想辦法嗎？")},
}

# -- words the screen stops ------------------------------------------------------------------

# A child wrote their name or phone number: the screen holds the idea; a moderator takes it out.
HELD: tuple[tuple[str, str, str], ...] = (  # (theme key, what the child wrote, after the moderator's redaction)
    ("playground", "我叫王小明，我家小区的滑梯坏了，有事可以打电话给我妈妈13812345678",
     "我叫[已隐去]，我家小区的滑梯坏了，有事可以打电话给我妈妈[已隐去]"),
    ("reading", "我的名字是李思琪，图书馆能不能周末晚点关门", "我的名字是[已隐去]，图书馆能不能周末晚点关门"),
    ("school-road", "学校门口太挤了，我妈妈的电话是139 1234 5678，可以打给她", "学校门口太挤了，我妈妈的电话是[已隐去]，可以打给她"),
    ("cross-strait", "我叫陳怡君，想跟昆山的同學當筆友，我的電話0912-345-678",
     "我叫[已隐去]，想跟昆山的同學當筆友，我的電話[已隐去]"),
    ("parks", "My name is Lucas and my email is lucas.w@example.com, the park needs a water fountain",
     "My name is [removed] and my email is [removed], the park needs a water fountain"),
)

# A child's words that tell of harm: the screen seals them for the safeguarding officer.
SEALED: tuple[str, ...] = (
    "班上有几个人天天欺负我，我不想去上学了",
    "爸爸喝醉了就打我，我不敢回家",
    "放學後有個大哥哥一直跟著我，還踢我",
)

# -- the Two Sessions: the proposals the deputies table in January ---------------------------

# topic slug -> what the proposal is about; who tables it decides whether it is a suggestion (人大) or a proposal (政协).
PROPOSALS: dict[str, str] = {
    "kunqu-opera": "关于让昆曲走进更多校园",
    "school-nutrition": "关于改善中小学午餐营养并标注过敏原",
    "child-friendly-transport": "关于建设一米高度儿童友好公交",
    "local-educational-trips": "关于拓展家门口研学资源",
    "summer-childcare": "关于延长暑期托管服务时间",
    "route-965-student-buses": "关于加密965路及学生定制公交",
    "city-of-readers": "关于延长儿童阅读空间开放时间",
    "child-injury-prevention": "关于加强儿童伤害预防",
    "playground-safety": "关于加强游乐设施安全检查",
    "hospital-waiting-rooms": "关于建设儿童友好医院候诊区",
    "study-tour-routes": "关于请儿童参与设计研学路线",
    "cross-strait-friendship": "关于深化两岸少年儿童交流",
    "artux-friendship": "关于昆山与阿图什少年儿童结对交流",
    "mental-health-support": "关于加强中小学生心理健康服务",
    "safe-school-roads": "关于校园周边道路安全改造",
}

OUTCOMES = (
    "已办结：承办单位已书面答复，主要内容已列入今年的工作计划，孩子们提出的建议大部分被采纳。",
    "已办结：部分采纳，今年先在试点学校和社区落实，其余列入明年计划。",
    "办理中：承办单位已答复，相关工作正在推进，年底前向观察团通报进展。",
)


# What the handling body's answer says (the proposal's "answered" step), and why one was not accepted.
ANSWERS = (
    "承办单位已书面答复：主要内容已列入今年的工作计划，孩子们提出的建议大部分被采纳。",
    "承办单位已书面答复：部分采纳，今年先在试点学校和社区落实，其余列入明年计划。",
    "承办单位已书面答复：相关工作正在推进，年底前向儿童观察团通报进展。",
)
DRAFTED = "汇集儿童观察团、留言板和网上孩子们提出的想法，整理成一件提案。"
NOT_ACCEPTED = "所提事项已列入市政府今年的民生实事项目，不再另行立案，转作意见建议交有关部门参考。"
CLOSING = "承办单位已办结，代表对办理结果表示满意。"
HANDLER_FIXED = "承办单位名称录入有误，按交办通知更正。"


def proposal_title(chamber: str, slug: str) -> str:
    """Return a proposal's title, e.g. ``关于加强儿童伤害预防的建议``."""
    return f"{PROPOSALS[slug]}的{'提案' if chamber == '政协' else '建议'}"


def proposal_number(chamber: str, year: int, serial: int) -> str:
    """Return a proposal's official number, e.g. ``昆山市政协 提案第2026001号``."""
    kind = "提案" if chamber == "政协" else "建议"
    return f"昆山市{chamber} {kind}第{year}{serial:03d}号"
