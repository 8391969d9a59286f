# periods：periods 的中文文本。消息 id 与英文文件一一对应，见 src/i18n.rs。

periods-closed = 已结账至 { $through }
periods-reopened = 已自 { $through } 所在月份起反结账
periods-close-failed = 无法结账至 { $through }
periods-reopen-failed = 无法自 { $through } 起反结账
