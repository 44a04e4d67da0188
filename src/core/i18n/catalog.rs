//! Every user-visible text, English then Simplified Chinese.
//!
//! Chinese labels use the words of the customer-file regulations (see DOMAIN.md), so a
//! user reads the terms they already use at work.

use super::Lang;

/// Declares [`Msg`] and its texts. Each entry: `Name => "English", "中文";`.
macro_rules! messages {
    ($($name:ident => $en:literal, $zh:literal;)+) => {
        /// One user-visible text, independent of language.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg { $($name),+ }

        impl Msg {
            /// Every message, for tests that check the whole catalogue.
            pub const ALL: &'static [Msg] = &[$(Msg::$name),+];

            /// The text in `lang`, with any `{parameters}` unfilled.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$name, Lang::En) => $en, (Msg::$name, Lang::ZhCn) => $zh,)+
                }
            }
        }
    };
}

messages! {
    AppName => "Dossier", "客户档案";
    SkipToContent => "Skip to content", "跳到正文";
    MainNavigation => "Main", "主导航";
    LanguageLabel => "Language", "语言";

    NavCustomers => "Customers", "客户";
    NavVisits => "Visits", "拜访";
    NavBundles => "Bundles", "交换包";
    NavSettings => "Settings", "设置";

    StatusOnline => "Online", "在线";
    StatusOffline => "Offline", "离线";
    StatusNetworkHint => "Dossier works the same with or without a network.", "无论有没有网络，客户档案都照常工作。";
    StoragePersistent => "Storage kept", "存储已保留";
    StoragePersistentHint => "The browser will not clear Dossier's data on its own.", "浏览器不会自行清除客户档案的数据。";
    StorageNotPersistent => "Storage may be cleared", "存储可能被清除";
    StorageNotPersistentHint => "The browser may clear Dossier's data when the disk runs low.", "磁盘空间不足时，浏览器可能清除客户档案的数据。";
    StorageChecking => "Checking storage…", "正在检查存储…";
    StorageUnknown => "Storage status unknown", "存储状态未知";
    StorageUsage => "{used} used · {free} free", "已用 {used} · 可用 {free}";

    PersistRefusedTitle => "This browser may delete Dossier's data", "浏览器可能会删除客户档案的数据";
    PersistRefusedBody => "The browser did not agree to keep Dossier's storage, so when the disk runs low it may clear it without asking. Install Dossier as an app (browser menu → Install) or bookmark this page, then press “Ask again”. Until then, export a bundle regularly as a backup.", "浏览器没有同意保留客户档案的存储，磁盘空间不足时可能不经询问就将其清除。请把客户档案安装为应用（浏览器菜单 → 安装）或将本页加入书签，然后点击“再次申请”。在此之前，请定期导出交换包作为备份。";
    PersistAskAgain => "Ask again", "再次申请";
    Dismiss => "Dismiss", "知道了";

    UpdateReady => "A new version of Dossier is ready. Your data stays as it is.", "客户档案有新版本可用，您的数据不受影响。";
    UpdateReload => "Reload now", "立即更新";
    UpdateLater => "Later", "稍后";
    OfflineReady => "Dossier is ready to work offline on this computer.", "客户档案已可在本机离线使用。";

    StorageErrorTitle => "Dossier cannot open its local database", "客户档案无法打开本地数据库";
    StorageErrorNewer => "This browser holds data written by a newer version of Dossier. Reload to get that version; nothing has been changed.", "此浏览器中的数据由更新版本的客户档案写入。请重新加载以获取该版本；数据没有任何改动。";
    StorageErrorFull => "The disk is full. Free some space and reload; nothing has been lost.", "磁盘已满。请释放一些空间后重新加载；数据没有丢失。";
    StorageErrorUnavailable => "This browser window does not allow Dossier to store data (private windows often do this). Open Dossier in a normal window.", "当前浏览器窗口不允许客户档案保存数据（无痕窗口常会如此）。请在普通窗口中打开客户档案。";
    StorageErrorConflict => "This file was changed in another window since you opened it. Your typing is kept as a draft: reopen the file, then apply your changes again.", "自您打开以来，此档案已在另一个窗口中被修改。您输入的内容已保存为草稿：请重新打开档案后再修改。";
    StorageErrorDuplicateNo => "Another customer file already has this archive number. Nothing was saved.", "已有其他客户档案使用此档案编号，未作任何保存。";
    StorageErrorOther => "The browser reported: {detail}. Reload the page; if it happens again, keep this message for support.", "浏览器报告：{detail}。请重新加载页面；如果再次出现，请保留此信息以便技术支持。";

    CustomersTitle => "Customer files", "客户档案";
    CustomersEmpty => "No customer files yet.", "还没有客户档案。";
    CustomersEmptyHint => "Customer files you create or import are listed here and stay on this computer.", "您新建或导入的客户档案会列在这里，并保存在本机。";
    VisitsTitle => "Visits", "拜访记录";
    VisitsEmpty => "No visits recorded yet.", "还没有拜访记录。";
    BundlesTitle => "Bundles", "交换包";
    BundlesEmpty => "No bundles sent or received yet.", "还没有收发过交换包。";

    SettingsTitle => "Settings", "设置";
    SettingsStorage => "Storage on this computer", "本机存储";
    SettingsStoreCreated => "Local store created on {date}.", "本地存储创建于 {date}。";

    NotFoundTitle => "Page not found", "找不到该页面";
    NotFoundBack => "Go to customer files", "返回客户档案";
}
