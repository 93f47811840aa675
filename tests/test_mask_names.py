"""Names of the people on a record are masked where they appear in its free text, row by row:
the surname stays (张三 → 张*), another row's names are not touched, one-character tokens are
left alone, and several names in one cell are all masked."""

from __future__ import annotations

import polars as pl

from pipelines.transform import mask_names


def test_each_row_masks_its_own_names():
    texts = pl.Series("description", ["张三在门口摆摊", "李四说张三占道", "欧阳娜娜、王五投诉噪音", None, "无人", "王 五"])
    reporters = pl.Series("reporter", ["张三", "李四", "欧阳娜娜、王五", "赵六", "孙", "王 五"])
    phones = pl.Series("phone", ["13800001111", None, None, None, None, None])
    masked = mask_names(texts, [reporters, phones])
    assert masked.to_list() == [
        "张*在门口摆摊",  # the reporter's name
        "李*说张三占道",  # 张三 is another row's name: kept
        "欧***、王*投诉噪音",  # two names in one cell
        None,
        "无人",  # a one-character token (孙) masks nothing
        "王 五",  # "王" and "五" are one character each
    ]
    assert masked.name == "description"


def test_no_name_columns_or_no_hits_returns_the_texts_unchanged():
    texts = pl.Series("description", ["井盖破损", None])
    assert mask_names(texts, []).to_list() == ["井盖破损", None]
    assert mask_names(texts, [pl.Series("reporter", ["张三", None])]).to_list() == ["井盖破损", None]
