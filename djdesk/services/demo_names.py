"""The word lists the demo people are drawn from, and the maker of their unique names, ID
numbers and phone numbers (part of :mod:`djdesk.services.demo_people`, which re-exports them).

Everything here is fictional: names come from common surnames and given names (older given
names for people born before 1968), ID numbers use real area codes with a correct check
character (R-ID-1) and a sequence digit that matches the gender (R-ID-2). All randomness comes
from the caller's ``random.Random``.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Final

from djdesk.domain.idcard import make_id

SURNAMES: Final = (
    "王王王李李李张张张刘刘陈陈杨杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
    "袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙"
    "史陶黎贺顾毛郝龚邵万钱严武戴孔汤"
)
_MALE_NEW: Final = (
    "伟 强 磊 军 勇 杰 涛 斌 超 明 辉 鹏 飞 鑫 波 宇 浩 凯 健 俊 帆 旭 宁 阳 晨 昊 "
    "子轩 浩然 宇航 俊杰 明轩 思远 博文 天翔 一鸣 志远 嘉豪 泽宇 文涛 晓东 海峰 建军 振宇 鹏飞"
).split()
_FEMALE_NEW: Final = (
    "芳 娜 敏 静 丽 艳 娟 燕 玲 婷 雪 琳 颖 倩 洁 慧 莉 萍 璐 瑶 "
    "欣怡 思琪 雨桐 梦瑶 佳怡 诗涵 婉清 晓婷 雅文 静怡 子涵 丹丹 晓燕 海燕 文静 佳琪 雅婷 慧敏"
).split()
_MALE_OLD: Final = (
    "建国 国庆 建华 志强 志刚 红军 卫东 振华 永刚 立新 德明 国强 建设 文革 跃进 长江 "
    "福生 树林 宝山 金海 春生 庆丰 德胜 光明 学军 援朝 国栋 继红"
).split()
_FEMALE_OLD: Final = (
    "秀英 桂英 玉兰 秀兰 淑华 丽华 凤英 桂兰 秀珍 玉珍 淑珍 翠英 素芳 美华 红梅 丽萍 "
    "建英 秀云 桂芳 淑英 玉梅 凤兰 雪梅 爱华"
).split()

MALE_GIVEN: Final = (*_MALE_NEW, *_MALE_OLD)
FEMALE_GIVEN: Final = (*_FEMALE_NEW, *_FEMALE_OLD)
ETHNICITIES: Final = ("回族", "满族", "蒙古族", "土家族", "壮族", "苗族")
# (area code, 籍贯) for the ID numbers: real codes, fictional people.
AREAS: Final[tuple[tuple[str, str], ...]] = (
    ("130102", "河北石家庄"), ("140105", "山西太原"), ("320102", "江苏南京"), ("340104", "安徽合肥"),
    ("360102", "江西南昌"), ("370102", "山东济南"), ("410105", "河南郑州"), ("420106", "湖北武汉"),
    ("430102", "湖南长沙"), ("510104", "四川成都"), ("610103", "陕西西安"), ("110105", "北京朝阳"),
)
DISTRICTS: Final = ("新华区", "长安区", "桥东区", "裕华区", "高新区")
STREETS: Final = ("建设路", "中山路", "和平路", "友谊大街", "胜利街", "育才街", "光华路")
RANKS: Final = ("一级主任科员", "二级主任科员", "三级主任科员", "四级主任科员", "一级科员")
SERVICE_POSTS: Final = ("事业单位管理人员", "事业单位专业技术人员", "工勤技能人员")


class PeopleMaker:
    """Unique names, ID numbers and phone numbers from one random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._names: set[str] = set()
        self._ids: set[str] = set()
        self._phones: set[str] = set()

    def name(self, male: bool, birth_year: int) -> str:
        rng = self.rng
        while True:
            if birth_year < 1968 and rng.random() < 0.6:
                pool = _MALE_OLD if male else _FEMALE_OLD
            else:
                pool = _MALE_NEW if male else _FEMALE_NEW
            name = rng.choice(SURNAMES) + rng.choice(pool)
            if name not in self._names:
                self._names.add(name)
                return name

    def id_number(self, birth: dt.date, male: bool) -> tuple[str, str]:
        """A fresh valid ID number (R-ID-1) whose 17th digit fits the gender (R-ID-2), and 籍贯."""
        while True:
            area, place = self.rng.choice(AREAS)
            seq = self.rng.randrange(500) * 2 + (1 if male else 0)
            number = make_id(area, birth, seq)
            if number not in self._ids:
                self._ids.add(number)
                return number, place

    def phone(self) -> str:
        while True:
            phone = f"138{self.rng.randrange(10**8):08d}"
            if phone not in self._phones:
                self._phones.add(phone)
                return phone


__all__ = [
    "AREAS",
    "DISTRICTS",
    "ETHNICITIES",
    "FEMALE_GIVEN",
    "MALE_GIVEN",
    "RANKS",
    "SERVICE_POSTS",
    "STREETS",
    "SURNAMES",
    "PeopleMaker",
]
