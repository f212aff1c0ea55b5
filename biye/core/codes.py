"""Code tables of the roster (R0.2). Values are the Chinese words the notice and the Ministry use."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "男", _("男")
    FEMALE = "女", _("女")


class IdType(models.TextChoices):
    RESIDENT = "居民身份证", _("居民身份证")
    PASSPORT = "护照", _("护照")
    HK_MACAO = "港澳居民来往内地通行证", _("港澳居民来往内地通行证")
    TAIWAN = "台湾居民来往大陆通行证", _("台湾居民来往大陆通行证")
    HMT_RESIDENCE = "港澳台居民居住证", _("港澳台居民居住证")


class Level(models.TextChoices):
    DOCTOR = "博士", _("博士")
    MASTER = "硕士", _("硕士")


class StudyMode(models.TextChoices):
    FULL_TIME = "全日制", _("全日制")
    PART_TIME = "非全日制", _("非全日制")


class TrainingType(models.TextChoices):
    NON_DIRECTED = "非定向", _("非定向")
    DIRECTED = "定向", _("定向")
    COMMISSIONED = "委培", _("委培")


class CertificateType(models.TextChoices):
    DUAL = "双证", _("双证")
    SINGLE = "单证", _("单证")


class Term(models.TextChoices):
    SUMMER = "夏季", _("夏季")
    AUTUMN = "秋季", _("秋季")


YES_NO = {"是": True, "否": False}

# GB/T 3304-1991 《中国各民族名称的罗马字母拼写法和代码》: the 56 nationalities, in the standard's order,
# plus the two extra entries the standard lists (穿青人 is not among them; 其他 and 外国血统 are).
ETHNICITIES: tuple[str, ...] = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
    "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
    "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
    "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族", "其他", "外国血统中国籍人士",
)
