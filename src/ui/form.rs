//! Form fields bound to a [`FormState`] over any draft type: each shows its label, its value from the draft,
//! and the problem validation found with it, and every change goes through
//! [`FormState::edit`], which autosaves the draft.

use std::marker::PhantomData;

use leptos::prelude::*;

use super::i18n::use_i18n;
use crate::core::customer::validate::{Field, FieldError};
use crate::core::i18n::{Msg, labels};

/// The draft being edited (a customer file, a visit…), the problems found with it, and
/// what to do after each change.
pub struct FormState<D: 'static> {
    pub draft: RwSignal<D>,
    pub errors: RwSignal<Vec<FieldError>>,
    pub on_change: Callback<()>,
}

impl<D> Clone for FormState<D> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<D> Copy for FormState<D> {}

impl<D: Send + Sync + 'static> FormState<D> {
    /// Applies a user's change to the draft and autosaves it.
    pub fn edit(self, change: impl FnOnce(&mut D)) {
        self.draft.update(change);
        self.on_change.run(());
    }

    /// The problem with `field`, as a message (tracked).
    pub fn problem(self, field: Option<Field>) -> Option<Msg> {
        let field = field?;
        self.errors.with(|errors| {
            errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| labels::problem(e.problem))
        })
    }
}

/// A page-unique id for a field's error message.
fn next_error_id() -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("field-error-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

pub fn use_form<D: Send + Sync + 'static>() -> FormState<D> {
    expect_context::<FormState<D>>()
}

/// A text, date or multi-line field. Generic over how it reads and writes the draft,
/// but only this thin shell is: the view is built once, by [`TextInput`], so seventy
/// fields do not compile seventy copies of it.
#[component]
pub fn TextField<D, G, S>(
    /// What the field is called.
    label: Msg,
    /// Reads the field's text from the draft.
    get: G,
    /// Writes typed text into the draft.
    set: S,
    /// The validation field whose problems show here.
    #[prop(optional)]
    field: Option<Field>,
    /// A textarea instead of a one-line input.
    #[prop(optional)]
    multiline: bool,
    /// The input's type ("text" unless given, e.g. "date", "tel", "email").
    #[prop(optional)]
    kind: Option<&'static str>,
    /// The id of a `<datalist>` whose items are offered while typing.
    #[prop(optional)]
    suggestions: Option<&'static str>,
    /// The draft type, inferred from `get` and `set`.
    #[prop(optional)]
    _draft: PhantomData<D>,
) -> impl IntoView
where
    D: Send + Sync + 'static,
    G: Fn(&D) -> String + Copy + Send + Sync + 'static,
    S: Fn(&mut D, String) + Copy + Send + Sync + 'static,
{
    let form = use_form::<D>();
    let value = Signal::derive(move || form.draft.with(get));
    let on_input = Callback::new(move |text: String| form.edit(|d| set(d, text)));
    let problem = Signal::derive(move || form.problem(field));
    view! { <TextInput label value on_input problem multiline kind=kind.unwrap_or("text") suggestions /> }
}

#[component]
fn TextInput(
    label: Msg,
    value: Signal<String>,
    on_input: Callback<String>,
    problem: Signal<Option<Msg>>,
    multiline: bool,
    kind: &'static str,
    suggestions: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let invalid = move || problem.get().is_some().to_string();
    // The message sits outside the label, so it is not part of the field's name, and is
    // tied to the input for assistive technology.
    let error_id = next_error_id();
    let described = {
        let id = error_id.clone();
        move || problem.get().map(|_| id.clone())
    };
    let input = if multiline {
        view! {
            <textarea
                rows="2"
                prop:value=value
                on:input=move |ev| on_input.run(event_target_value(&ev))
                aria-invalid=invalid
                aria-describedby=described
            />
        }
        .into_any()
    } else {
        view! {
            <input
                type=kind
                list=suggestions
                prop:value=value
                on:input=move |ev| on_input.run(event_target_value(&ev))
                aria-invalid=invalid
                aria-describedby=described
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:wide=multiline>
            <label class="field-body">
                <span class="field-label">{i18n.t(label)}</span>
                {input}
            </label>
            {move || {
                problem.get().map(|m| view! { <span class="field-error" id=error_id.clone()>{i18n.t(m)}</span> })
            }}
        </div>
    }
}

/// A yes/no field.
#[component]
pub fn CheckField<D, G, S>(
    label: Msg,
    get: G,
    set: S,
    #[prop(optional)] _draft: PhantomData<D>,
) -> impl IntoView
where
    D: Send + Sync + 'static,
    G: Fn(&D) -> bool + Copy + Send + Sync + 'static,
    S: Fn(&mut D, bool) + Copy + Send + Sync + 'static,
{
    let form = use_form::<D>();
    let checked = Signal::derive(move || form.draft.with(get));
    let on_change = Callback::new(move |on: bool| form.edit(|d| set(d, on)));
    view! { <CheckInput label checked on_change /> }
}

#[component]
fn CheckInput(label: Msg, checked: Signal<bool>, on_change: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field check">
            <input type="checkbox" prop:checked=checked on:change=move |ev| on_change.run(event_target_checked(&ev)) />
            <span>{i18n.t(label)}</span>
        </label>
    }
}

/// A choice among the values of an enumeration.
#[component]
pub fn SelectField<D, T, G, S>(
    label: Msg,
    options: Vec<(T, Msg)>,
    get: G,
    set: S,
    #[prop(optional)] _draft: PhantomData<D>,
) -> impl IntoView
where
    D: Send + Sync + 'static,
    T: Copy + PartialEq + Send + Sync + 'static,
    G: Fn(&D) -> T + Copy + Send + Sync + 'static,
    S: Fn(&mut D, T) + Copy + Send + Sync + 'static,
{
    let form = use_form::<D>();
    let values: Vec<T> = options.iter().map(|(v, _)| *v).collect();
    let names: Vec<Msg> = options.iter().map(|(_, m)| *m).collect();
    let values = StoredValue::new(values);
    let selected = Signal::derive(move || {
        let current = form.draft.with(get);
        values
            .with_value(|v| v.iter().position(|x| *x == current))
            .unwrap_or(0)
    });
    let on_change = Callback::new(move |i: usize| {
        if let Some(value) = values.with_value(|v| v.get(i).copied()) {
            form.edit(|d| set(d, value));
        }
    });
    view! { <SelectInput label names selected on_change /> }
}

/// A `<select>` over translated option names, by position.
#[component]
pub fn SelectInput(
    label: Msg,
    names: Vec<Msg>,
    selected: Signal<usize>,
    on_change: Callback<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field">
            <span class="field-label">{i18n.t(label)}</span>
            // Named by its label alone, not by the option it shows.
            <select
                aria-label=i18n.t(label)
                prop:value=move || selected.get().to_string()
                on:change=move |ev| on_change.run(event_target_value(&ev).parse().unwrap_or(0))
            >
                {names
                    .into_iter()
                    .enumerate()
                    .map(|(i, msg)| view! { <option value=i.to_string()>{i18n.t(msg)}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}
