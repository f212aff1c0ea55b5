"""R2.2 benchmark: names per second for `suggest`, beside bare pypinyin.lazy_pinyin on the same names.

    .venv/bin/python bench/romanize.py [COUNT]

The names are made up, deterministically (a fixed seed), from common surnames (a tenth of them compound)
and given-name characters. Each round times lazy_pinyin over all names, then suggest over the same names
with romanize's caches emptied first, so repeated names do not flatter suggest. The best of the rounds is
printed. Goal: suggest at 0.5x lazy_pinyin's throughput or better.
"""

from __future__ import annotations

import random
import sys
import time

from pypinyin import lazy_pinyin

from biye.names import romanize

SINGLE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "单区解仇朴翟查乐缪种谌盖"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "令狐", "慕容", "尉迟", "长孙", "东方", "皇甫", "公孙", "夏侯")
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文婷雪琳晨宇浩然子涵欣怡梓轩诗雨"
    "思远博文嘉怡俊杰晓东海燕佳琪一鸣天佑若曦紫萱雅静亦凡昊天沐阳梦瑶安娜恩泽奥运鸥儿重阳长乐行健朝阳"
    "乐天和平少华家豪振宇永红春梅秋菊冬雪光荣德胜玉洁冰清绿竹律吕女略"
)


def make_names(count: int, seed: int = 2020) -> list[str]:
    rng = random.Random(seed)
    names = []
    for _ in range(count):
        surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.1 else rng.choice(SINGLE_SURNAMES)
        given_length = 1 if rng.random() < 0.3 else 2
        names.append(surname + "".join(rng.choice(GIVEN_CHARS) for _ in range(given_length)))
    return names


def rate(function, names: list[str]) -> float:
    started = time.perf_counter()
    for name in names:
        function(name)
    return len(names) / (time.perf_counter() - started)


def main(argv: list[str]) -> None:
    count = int(argv[1]) if len(argv) > 1 else 20000
    rounds = 3
    names = make_names(count)
    lazy_pinyin(names[0])  # load pypinyin's dictionaries outside the timing
    best_lazy = best_suggest = 0.0
    for _ in range(rounds):
        best_lazy = max(best_lazy, rate(lazy_pinyin, names))
        romanize.clear_caches()
        best_suggest = max(best_suggest, rate(romanize.suggest, names))
    print(f"names:                 {count} ({len(set(names))} distinct), best of {rounds} rounds")
    print(f"pypinyin.lazy_pinyin:  {best_lazy:10,.0f} names/s")
    print(f"romanize.suggest:      {best_suggest:10,.0f} names/s")
    print(f"ratio suggest/lazy:    {best_suggest / best_lazy:10.2f}x  (goal >= 0.50x)")


if __name__ == "__main__":
    main(sys.argv)
