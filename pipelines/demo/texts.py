"""What the demo's reporters write: varied, colloquial, sometimes careless descriptions.

A text model must not be able to read the answer off a template, so the demo's descriptions do
not carry the category's catalogue name as such. Each category gets a table of ways people put
it — the object in everyday words (井盖 → 下水道盖子, 盖子), what is wrong with it (松动, 被偷了,
不亮), or, for a matter, a handful of phrasings (占道经营 → 摆摊占了人行道); some with a typo
(a homophone); some very short; some mixing in a second matter. Inspectors write tersely
with the address (监督员上报), 12345 operators transcribe a call (来电人反映), the public types
what it saw. Several categories share words (污水井盖 and 雨水井盖 are both "井盖" to a
passer-by): the confusions a real classifier has.

Vectorised over a table of phrasings per category (``phrase_table``), so the 10 M-case demo
writes its texts at numpy speed.
"""

from __future__ import annotations

import re

import numpy as np
import polars as pl

# Everyday words for the objects of the catalogue's component categories, by how the name ends.
OBJECT_WORDS = {
    "井盖": ["井盖", "窨井盖", "下水道盖子", "盖子", "井盖子"],
    "箅子": ["雨水箅子", "下水口盖板", "排水口铁篦子"],
    "盖板": ["盖板", "沟盖板", "水沟盖子"],
    "路灯": ["路灯", "灯", "马路上的灯"],
    "灯": ["灯", "灯光", "照明灯"],
    "立杆": ["电线杆", "杆子", "立杆"],
    "树": ["树", "大树", "行道树"],
    "牌": ["牌子", "指示牌", "标牌"],
    "箱": ["箱子", "铁箱子"],
    "护栏": ["护栏", "栏杆"],
    "座椅": ["长椅", "椅子"],
    "厕所": ["公厕", "厕所"],
}
# What goes wrong with them.
OBJECT_FAULTS = {
    "盖": ["破了", "缺了一块", "不见了", "被偷了", "松动了，车一压就响", "塌下去了", "翘起来了", "碎了，很危险"],
    "箅子": ["堵住了", "断了", "不见了", "被压坏了"],
    "灯": ["不亮", "晚上一直不亮", "忽明忽暗", "白天还亮着", "灯罩掉了", "坏了好几天"],
    "杆": ["歪了", "被车撞倒了", "倾斜得厉害", "底座松了", "锈得快断了"],
    "牌": ["被撞坏了", "字看不清了", "倒在地上", "歪了", "脏得看不清"],
    "树": ["倒了", "枯死了", "树枝断了挡路", "歪向马路", "被人砍了"],
    "栏": ["断了", "被撞歪了", "缺了一段", "倒了"],
    "": ["坏了", "损坏", "有问题", "破损严重", "需要维修", "好久没人修", "不能用了"],
}
# How people say the most frequent matters (the catalogue's high-frequency ones and their kin).
MATTER_WORDS = {
    "06001": ["有人在搭违章建筑", "私自搭了个棚子", "违建", "楼顶加盖"],
    "06007": ["沿街晒衣服", "在路边挂满了被子", "衣服晾到人行道上"],
    "06009": ["空调外机装得太低", "空调外机挂得很低，滴水"],
    "06010": ["垃圾没人清", "一堆垃圾", "垃圾乱扔", "到处是生活垃圾", "垃圾扔在路边"],
    "06011": ["渣土堆着没人运", "建筑垃圾堆了很久", "堆了好多渣土"],
    "06012": ["路面很脏", "马路上脏兮兮的", "路上全是泥", "地上油污没人扫"],
    "06013": ["路面坑坑洼洼", "路上有个大坑", "马路破了个洞", "路面塌陷"],
    "06014": ["路上撒了一地沙石", "运输车漏了一路泥", "路面遗撒"],
    "06017": ["绿化带里全是垃圾", "草坪脏乱", "绿地里乱七八糟"],
    "06018": ["修剪下来的树枝没人拉走", "绿化垃圾堆着"],
    "06020": ["有人烧垃圾", "烧树叶烟很大", "焚烧垃圾，烟熏得难受"],
    "06027": ["饭店油烟太大", "油烟直排", "餐馆油烟熏人"],
    "06028": ["噪音太大", "晚上吵得睡不着", "半夜很吵", "音响声音特别大", "广场舞太吵"],
    "06029": ["路边烧烤", "露天烧烤烟很大", "夜宵摊烧烤"],
    "06030": ["往下水道倒污水", "乱排废水", "污水直接排到路上"],
    "06034": ["一辆破车停了很久", "僵尸车", "废弃汽车没人管"],
    "06035": ["扔了旧沙发", "旧家具堆在路边", "废弃家电乱放"],
    "06036": ["乱堆杂物", "楼道外堆满东西", "杂物堆放", "门口堆了很多东西"],
    "06037": ["有只死猫", "路边有动物尸体", "死狗没人处理"],
    "06040": ["私装地锁", "有人装了地桩不让停车"],
    "06041": ["垃圾不分类", "垃圾混着扔"],
    "06042": ["垃圾桶满了", "垃圾箱满出来了", "垃圾站好几天没清运", "垃圾溢出来了，很臭"],
    "06045": ["绿化带被踩坏了", "有人在绿地里种菜", "毁了草坪", "占用绿地"],
    "07001": ["小广告贴得到处都是", "墙上全是牛皮癣", "乱贴小广告", "电线杆上贴满广告"],
    "07002": ["有人在路口发传单", "发小广告"],
    "07003": ["广告牌乱挂", "违规挂广告", "私自立了广告牌", "门口放了很大的广告架"],
    "07006": ["招牌违规", "店招乱挂"],
    "08001": ["工地晚上施工太吵", "半夜还在施工", "施工噪音扰民", "工地天天加班吵"],
    "08002": ["施工占了半条路", "工地占道"],
    "08004": ["工地灰尘很大", "扬尘严重", "工地尘土飞扬"],
    "08005": ["施工垃圾乱倒", "建筑废料堆在路边"],
    "08012": ["渣土车带泥上路", "工地车把泥带到马路上"],
    "09001": ["流动摊贩", "游商", "推车卖东西的"],
    "09005": ["店门口摆摊", "商家把货摆到门外", "出店经营"],
    "09006": ["占道摆摊", "摆摊占了人行道", "路边摊占道", "早上菜摊摆到马路上", "小商贩占道经营"],
    "09009": ["乱停车", "车停在人行道上", "车乱停挡路", "违停"],
    "09010": ["电瓶车乱停", "自行车乱放"],
    "09011": ["共享单车堆成山", "共享单车乱停"],
    "09012": ["消防通道被堵", "车停在消防通道"],
    "09015": ["无证小吃店", "路边无证餐饮"],
    "09021": ["占道洗车", "在路边洗车，水流一地"],
    "10001": ["路面结冰", "路上积雪没人扫"],
}
PLACES = ["菜场旁边", "我家楼下", "小区门口", "学校对面", "公交站边上", "超市门口", "十字路口", "桥下", "河边", "幼儿园附近"]
PLEAS = [
    "",
    "",
    "",
    "，请尽快处理",
    "，影响通行",
    "，群众反映强烈",
    "，存在安全隐患",
    "，多次反映未解决",
    "，希望有人管管",
    "！！",
    "，谢谢",
]
# Homophones people mistype (a typo in one in twelve phrasings).
TYPOS = {"的": "得", "在": "再", "已": "以", "坏": "怀", "理": "里", "垃": "拉", "停": "亭", "很": "狠", "路": "露", "乱": "乩"}
VARIANTS = 16  # phrasings per category in the table


def _name(minor: str) -> str:
    """The catalogue name without its 异常 suffix and parenthesised alternatives."""
    return re.sub(r"[（(][^)）]*[)）]", "", minor).removesuffix("异常")


def _object_words(noun: str) -> list[str]:
    for ending, words in OBJECT_WORDS.items():
        if noun.endswith(ending):
            return [noun, *words]
    return [noun, noun[-2:]] if len(noun) > 3 else [noun]


def _faults(noun: str) -> list[str]:
    for ending, faults in OBJECT_FAULTS.items():
        if ending and ending in noun[-2:]:
            return faults
    return OBJECT_FAULTS[""]


def _typo(rng: np.random.Generator, text: str) -> str:
    spots = [i for i, ch in enumerate(text) if ch in TYPOS]
    if not spots:
        return text
    i = spots[rng.integers(len(spots))]
    return text[:i] + TYPOS[text[i]] + text[i + 1 :]


def phrase_table(rng: np.random.Generator, matters: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(codes, phrasings): ``VARIANTS`` ways of putting each category, one row per code (sorted)."""
    matters = matters.sort("code")
    codes = matters["code"].to_numpy().astype(str)
    table = np.empty((len(codes), VARIANTS), dtype=object)
    for row, (code, minor) in enumerate(zip(codes, matters["minor_name"].to_list(), strict=True)):
        name = _name(minor)
        if code in MATTER_WORDS:
            pool = MATTER_WORDS[code] + [name]
        elif minor.endswith("异常"):  # a component: its object in everyday words and what is wrong with it
            pool = [f"{o}{f}" for o in _object_words(name) for f in _faults(name)]
        else:  # a matter without its own phrasings: the name, or its core words
            pool = [name, f"有{name}的情况", f"发现{name}", name[: max(2, len(name) - 1)]]
        picks = [pool[i] for i in rng.integers(0, len(pool), VARIANTS)]
        table[row] = [_typo(rng, p) if rng.random() < 1 / 12 else p for p in picks]
    return codes, table


def describe(rng: np.random.Generator, frame: pl.DataFrame, matters: pl.DataFrame) -> pl.Series:
    """A description for each case of ``frame`` (``category_code``, ``channel``, ``address``):
    how its channel writes, where it is, a phrasing of its matter, sometimes a second matter,
    sometimes a plea; one in ten is only the phrasing."""
    n = frame.height
    codes, table = phrase_table(rng, matters)
    row = np.searchsorted(codes, frame["category_code"].to_numpy().astype(str))
    phrase = table[row, rng.integers(0, VARIANTS, n)].astype(str)
    other = table[rng.integers(0, len(codes), n), rng.integers(0, VARIANTS, n)].astype(str)
    mixed = rng.random(n) < 0.05
    phrase = np.where(mixed, np.char.add(np.char.add(phrase, "，还有"), other), phrase)
    address = frame["address"].to_numpy().astype(str)
    place = np.where(rng.random(n) < 0.5, address, np.array(PLACES)[rng.integers(0, len(PLACES), n)])
    plea = np.array(PLEAS)[rng.integers(0, len(PLEAS), n)]
    channel = frame["channel"].to_numpy().astype(str)
    spoken = np.char.add(np.char.add(np.char.add("来电人反映：", place), phrase), plea)  # 12345 transcription
    terse = np.char.add(np.char.add(address, "发现"), phrase)  # an inspector's report
    typed = np.char.add(np.char.add(place, phrase), plea)  # the public, by app or WeChat
    text = np.where(channel == "hotline", spoken, np.where(channel == "inspector", terse, typed))
    short = rng.random(n) < 0.1
    return pl.Series("description", np.where(short, phrase, text))
