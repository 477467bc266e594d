/* cnnum.h — numbers and dates written in Chinese, stage "base": numerals
 * digit by digit for years (二〇二五), in words (一千二百三十四), in the
 * financial capitals of amounts (壹仟贰佰叁拾肆, 人民币 …元…角…分), and
 * quarters (一季度). Used by the report formatters (docs/data.md). */
#ifndef PAIBAN_CNNUM_H
#define PAIBAN_CNNUM_H

#include <stdbool.h>

#include "base/decimal.h"
#include "base/util.h"

/* 2025 → 二〇二五 (each digit; for years). v ≥ 0. */
void cnnum_digits(long long v, struct buf *out);
/* 1234 → 一千二百三十四, 10 → 十, 100005 → 十万零五; |v| < 10^16. With
 * `upper`, the financial capitals: 壹仟贰佰叁拾肆. */
void cnnum_words(long long v, bool upper, struct buf *out);
/* An amount in yuan in financial capitals, rounded half up to 分:
 * 1234.56 → 壹仟贰佰叁拾肆元伍角陆分, 100 → 壹佰元整. Returns -1 when
 * |v| ≥ 10^16. */
int cnnum_rmb(struct dec v, struct buf *out);

#endif
