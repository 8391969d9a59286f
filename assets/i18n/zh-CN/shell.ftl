# shell：shell 的中文文本。消息 id 与英文文件一一对应，见 src/i18n.rs。

## 导航
screen-overview = 总览
screen-review = 长账龄审阅
screen-customer = 客户
screen-import = 导入
screen-rollforward = 坏账准备变动
screen-writeoffs = 核销
screen-policy = 计提政策
screen-audit = 审计日志

## 菜单
menu-file = 文件
menu-new-book = 新建账簿…
menu-open-book = 打开账簿…
menu-recent-books = 最近的账簿
menu-recent-none = 暂无
menu-working-as = 当前用户…
menu-backup = 备份副本…
menu-quit = 退出
menu-view = 视图
menu-alerts-panel = 预警面板
menu-negative-amounts = 负数显示
menu-language = 语言

## 对账簿的修改（状态栏提示）
op-type-set = { $customer } 自 { $from } 起为 { $customer_type }
op-type-failed = 设置 { $customer } 的客户类型失败
op-note-added = 已为 { $customer } 添加催收记录
op-note-failed = 为 { $customer } 添加催收记录失败
op-specific-set = 已为 { $customer } 设置单项计提，自 { $from } 起
op-specific-set-failed = 设置 { $customer } 的单项计提失败
op-specific-cleared = 已取消 { $customer } 的单项计提，自 { $from } 起
op-specific-clear-failed = 取消 { $customer } 的单项计提失败
op-demo-built = 演示账簿已建立
op-demo-failed = 建立演示账簿失败
op-backup-written = 备份已写入 { $path }
op-backup-failed = 写入备份 { $path } 失败

## 外壳
shell-changed-elsewhere = 账簿已被其他程序修改，已重新载入。
shell-changed-elsewhere-waiting = 账簿已被其他程序修改；待您正在填写的表单保存或清空后重新载入。
shell-nothing-to-show = 无可显示内容
shell-try-again-hint = 请重试，或从“文件”菜单打开其他账簿。
shell-try-again = 重试
shell-assessing = 正在评估各期快照…
shell-building-demo = 正在建立演示账簿：{ $name }
shell-imported = 已导入截至 { $as_of } 的快照
shell-load-failed = 载入账簿失败
shell-view-failed = 生成视图失败：{ $error }
shell-view-failed-at = 生成截至 { $as_of } 的视图失败：{ $error }
shell-no-cjk-font = 系统中未找到中文字体：中文将显示为方框（见 README）
shell-cjk-font-failed = 查找中文字体失败（{ $error }）：中文可能显示为方框
shell-watch-stopped = 已停止监视其他程序对账簿的修改：{ $error }
shell-dialog-filter = Agebook 账簿
shell-open-book-title = 打开账簿
shell-new-book-title = 新建账簿
shell-backup-title = 备份副本
shell-ok = 确定
shell-alerts = 预警
shell-alerts-badge = 预警（{ $n }）
shell-alerts-hover = 截至所选日期的预警：显示或隐藏面板
shell-working-as-hover = 本窗口当前的操作用户（文件 ▸ 当前用户…）
shell-working-as-title = 当前用户
shell-working-as-explain = 提议、审批与过账均以此用户名进行；审批人不能审批自己编制的核销。
shell-working-as-name = 用户名
shell-working-as-now = 当前用户已切换为 { $user }
shell-no-snapshots = 尚无快照
shell-as-of = 截至
shell-previous-snapshot = 上一期快照
shell-next-snapshot = 下一期快照
shell-closed-badge = 已结账期间
shell-user-button = 用户：{ $user }
shell-closed-hover = 该日期属于已结账期间：账簿已结账至 { $through }
shell-amounts-in = 金额单位：{ $currency }
shell-status-snapshots = { $n } 期快照
shell-status-closed-through = {" "}· 已结账至 { $through }
shell-opening = 正在打开账簿…
shell-dismiss = 关闭
shell-dismiss-hover = 隐藏此错误
shell-new-book-currency = 记账货币
shell-new-book-dates = 两可日期
shell-new-book-day-first = 日在前（31/12/2016）
shell-new-book-month-first = 月在前（12/31/2016）
shell-new-book-minor-unit = { $code } 金额保留 { $digits } 位小数。
shell-new-book-create = 创建账簿
