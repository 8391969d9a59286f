# overview：overview 的中文文本。消息 id 与英文文件一一对应，见 src/i18n.rs。

## 关键指标
overview-total-receivables = 应收账款合计
overview-over-one-year = 逾期一年以上
overview-customers-with-balance = 有余额的客户
overview-prior-snapshot = 上期快照
overview-vs-prior = 较上期 { $change }
overview-points-vs-prior = 较上期 { $points } 个百分点
overview-share-of-receivables = 占应收账款 { $share }

## 账龄矩阵
overview-matrix-heading = 账龄分析（按客户类型，{ $currency }）
overview-show-amounts = 金额
overview-click-hint = 点击单元格可审阅其中的客户
overview-review-cell = 审阅这些客户
overview-written-off-in-ledger = 已核销但仍在台账中：{ $amount }
overview-in-none-of-the-figures = （不计入以上任何数字）
overview-written-off-customer = { $customer } { $name } — { $amount }（{ $n } 张单据）
overview-open-customer = 打开该客户

## 空账簿
overview-empty-title = 本账簿尚无快照
overview-empty-text = 导入一份月末应收账款台账即可开始，也可以用演示数据填充本账簿。
overview-import-ledger = 导入台账…
overview-build-demo = 在此建立演示账簿

## 图表
overview-chart-receivables-by-bucket = 应收账款：按账龄段和客户类型（百万）
overview-chart-allowance-by-bucket = 坏账准备：按账龄段和客户类型（百万）
overview-chart-trend = 各期快照（百万）
overview-receivables = 应收账款
overview-legend-over-one-year = 逾期一年以上
overview-axis-current = 未逾期
overview-axis-3-6m = 3–6月
overview-axis-6-12m = 6-12月
overview-axis-1-2y = 1–2年
overview-axis-2-3y = 2–3年
overview-axis-over-3y = 3年+
overview-month-by-month = 逐月趋势
overview-month = 月份
overview-customers-lost = 流失客户
overview-customers-lost-hover = 最近六个月之前的十二个月内有开票、最近六个月内没有开票的客户数
