//! The header: name, main navigation, status, language.

use leptos::prelude::*;
use leptos_router::components::A;

use super::i18n::{LanguageSwitch, use_i18n};
use super::status::{Persistence, use_status};
use super::vault::LockButton;
use crate::core::i18n::Msg;
use crate::core::units::format_bytes;

/// The app's header, on every page.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    // Who is acting changes with the work of a few pages (joining an exchange on
    // Bundles, the desk's people in Settings, an unlock): read again on leaving them.
    let acting = super::acting::use_acting();
    let location = leptos_router::hooks::use_location();
    let left = StoredValue::new(String::new());
    Effect::new(move || {
        let path = location.pathname.get();
        let before = left.get_value();
        left.set_value(path);
        if ["/bundles", "/settings", "/unlock"]
            .iter()
            .any(|p| before.starts_with(p))
        {
            acting.refresh();
        }
    });
    view! {
        <header class="app-header">
            <span class="brand">{i18n.t(Msg::AppName)}</span>
            <nav class="main-nav" aria-label=i18n.t(Msg::MainNavigation)>
                <A href="/customers">{i18n.t(Msg::NavCustomers)}</A>
                <A href="/visits">{i18n.t(Msg::NavVisits)}</A>
                <A href="/reviews">{i18n.t(Msg::NavReviews)}</A>
                <A href="/reports">{i18n.t(Msg::NavReports)}</A>
                <A href="/complaints">{i18n.t(Msg::NavComplaints)}</A>
                <A href="/bundles">{i18n.t(Msg::NavBundles)}</A>
                <A href="/approvals">{i18n.t(Msg::NavApprovals)}</A>
                <A href="/registers">{i18n.t(Msg::NavRegisters)}</A>
                <A href="/settings">{i18n.t(Msg::NavSettings)}</A>
            </nav>
            <StatusIndicators />
            <LockButton />
            <LanguageSwitch />
        </header>
    }
}

/// Network, storage persistence and usage, each with a hint on hover and for
/// assistive technology.
#[component]
fn StatusIndicators() -> impl IntoView {
    let i18n = use_i18n();
    let status = use_status();
    let network = move || {
        if status.online.get() {
            "online"
        } else {
            "offline"
        }
    };
    let network_label = move || {
        i18n.t(if status.online.get() {
            Msg::StatusOnline
        } else {
            Msg::StatusOffline
        })()
    };
    let storage_label = move || {
        i18n.t(match status.persistence.get() {
            Persistence::Checking => Msg::StorageChecking,
            Persistence::Kept => Msg::StoragePersistent,
            Persistence::MayBeCleared => Msg::StorageNotPersistent,
            Persistence::Unknown => Msg::StorageUnknown,
        })()
    };
    let storage_hint = move || match status.persistence.get() {
        Persistence::Kept => i18n.t(Msg::StoragePersistentHint)(),
        Persistence::MayBeCleared => i18n.t(Msg::StorageNotPersistentHint)(),
        _ => "",
    };
    let usage = move || {
        status.usage.get().map(|u| {
            i18n.format(
                Msg::StorageUsage,
                &[
                    ("used", &format_bytes(u.used)),
                    ("free", &format_bytes(u.free)),
                ],
            )
        })
    };
    view! {
        <div class="status">
            <span class="pill" data-testid="network-status" data-state=network title=i18n.t(Msg::StatusNetworkHint)>
                {network_label}
            </span>
            <span
                class="pill"
                data-testid="storage-status"
                data-state=move || status.persistence.get().as_str()
                title=storage_hint
            >
                {storage_label}
            </span>
            <span class="usage" data-testid="storage-usage">{usage}</span>
        </div>
    }
}
