# review：review 的中文文本。消息 id 与英文文件一一对应，见 src/i18n.rs。

## 筛选
review-search = 搜索
review-search-hint = 客户编号或名称
review-days-over = 逾期天数超过
review-days-hint = 如 365
review-not-a-number = 不是数字
review-over-days = 逾期超过 { $n } 天
review-all-types = 全部
review-balance-at-least = 余额不低于
review-not-an-amount = 不是有效金额
review-alerts-only = 仅看有预警的客户
review-bucket-filter = 账龄段 { $bucket } ×
review-remove-bucket-filter = 取消账龄段筛选
review-clear-filters = 清除筛选

## 所示客户的合计
review-count = { $n ->
   *[other] { $total } 个客户中显示 { $shown } 个
}
review-sum-balance = 余额 { $amount } { $currency }
review-sum-allowance = 坏账准备 { $amount } { $currency }
review-keys-hint = ↑↓ 选择 · Enter 打开 · Ctrl+F 搜索
review-no-match = 没有符合筛选条件的客户。
review-no-customers = 该日期没有有余额的客户。

## 列
review-days = 逾期天数
review-days-hover = 最早一笔未清项目的逾期天数
review-specific = 单项计提
review-last-collected = 最近回款
review-alerts = 预警
review-list-separator = 、
