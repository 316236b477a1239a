//! Each person reads the page in their own language on the same map: a
//! Swedish carer and an English-speaking professional.

use super::*;

/// Joins in Swedish as `name`, a carer ("Närstående").
async fn join_in_swedish(page: &Page, url: &str, name: &str) -> Result<()> {
    page.goto(url).await?;
    page.find(&title("Gå med i kartan")).await?;
    page.fill("Ditt namn", name).await?;
    page.field("Närstående").await?.click().await?;
    page.click_button("Gå med").await?;
    page.find("//p[@role='status' and normalize-space(.)='Ansluten']")
        .await?;
    Ok(())
}

/// A page's or a dialog's title (`h1` or `h2`).
fn title(text: &str) -> String {
    format!("//*[self::h1 or self::h2][normalize-space(.)='{text}']")
}

async fn html_lang(page: &Page) -> Result<String> {
    let lang = page.eval("document.documentElement.lang").await?;
    Ok(lang.as_str().unwrap_or_default().to_string())
}

/// The author line of a card, as its reader sees it.
async fn author_of(page: &Page, text: &str) -> Result<String> {
    let xpath = format!("{}//span[@class='author']", card(text));
    Ok(page.find(&xpath).await?.text().await?.trim().to_string())
}

#[tokio::test]
async fn a_swedish_carer_and_an_english_professional_on_one_map() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server
        .create_map_in("Höftprotes", "patient-journey", "sv")
        .await?;
    let url = format!("{}{}", server.http(), map.edit_url);
    let mut driver = Driver::start().await?;
    let asa = driver.sized_speaking(1366, 768, "sv-SE,sv").await?;
    let bo = driver.sized(1366, 768).await?;
    join_in_swedish(&asa, &url, "Åsa").await?;
    join(&bo, &url, "Bo", "Health professional").await?;
    assert_eq!(html_lang(&asa).await?, "sv");
    assert_eq!(html_lang(&bo).await?, "en");
    // The map was made in Swedish: its stages are, for both of them.
    assert_eq!(stage_names(&bo).await?[0], "Märker att något är fel");

    // Åsa adds a card in Swedish; the dialog speaks Swedish.
    asa.click_button("Lägg till kort").await?;
    asa.find(&title("Lägg till kort")).await?;
    asa.choose("Skede", "Diagnos").await?;
    asa.choose("Rad", "Problem").await?;
    asa.choose("Typ", "Problem").await?;
    asa.fill("Kortets text", "Väntade tre veckor").await?;
    asa.click_button("Spara kortet").await?;
    asa.find(&card("Väntade tre veckor")).await?;
    // Each reads her role in their own language.
    assert_eq!(
        author_of(&asa, "Väntade tre veckor").await?,
        "Åsa (Närstående)"
    );
    bo.find(&card("Väntade tre veckor")).await?;
    assert_eq!(
        author_of(&bo, "Väntade tre veckor").await?,
        "Åsa (Family or carer)"
    );
    let kind = format!("{}//span[@class='kind']", card("Väntade tre veckor"));
    assert_eq!(bo.find(&kind).await?.text().await?.trim(), "⚠ Pain point");

    // Bo's card, and the announcement of it, reach Åsa in Swedish.
    add_card(&bo, "Diagnos", "Idéer", "Idea", "Call the patient back").await?;
    asa.find(&card("Call the patient back")).await?;
    assert_eq!(
        author_of(&asa, "Call the patient back").await?,
        "Bo (Vårdpersonal)"
    );
    let said = "Bo (Vårdpersonal) lade till ett kort i Diagnos, Idéer. Idé: Call the patient back";
    asa.find_within(
        &format!("//div[@id='announcer' and contains(normalize-space(.), '{said}')]"),
        Duration::from_secs(5),
    )
    .await?;

    // Nothing in the Swedish board breaks the accessibility rules.
    let violations = asa.axe_violations().await?;
    assert!(violations.is_empty(), "axe in Swedish: {violations:?}");

    // Bo changes to Swedish in the More menu: the page is rewritten in
    // place, the map and its cards stay.
    bo.click_button("More").await?;
    bo.choose("Language", "Svenska").await?;
    bo.find(&button("Lägg till kort")).await?;
    assert_eq!(html_lang(&bo).await?, "sv");
    assert_eq!(
        author_of(&bo, "Väntade tre veckor").await?,
        "Åsa (Närstående)"
    );
    bo.find(&card("Call the patient back")).await?;

    // The server's refusals reach each in their own words: the map is
    // deleted, and Åsa is told so in Swedish.
    let status = server
        .delete_map(&map.id, Some(&map.facilitator_secret()))
        .await?;
    assert_eq!(status, 204);
    asa.find("//*[@role='alert'][contains(., 'Kartan har tagits bort.')]")
        .await?;
    Ok(())
}

#[tokio::test]
async fn changing_language_keeps_what_was_typed_and_is_remembered() -> Result<()> {
    let (_page, keep) = one_person("Words", "patient-journey", "Ann", "Patient").await?;
    let mut driver = Driver::start().await?;
    let page = driver.phone(390, 844).await?;
    page.goto(&keep.url).await?;
    page.fill("Your name", "Åsa").await?;
    page.choose("Language", "Svenska").await?;
    page.find(&title("Gå med i kartan")).await?;
    assert_eq!(page.value("Ditt namn").await?, "Åsa");
    assert_eq!(html_lang(&page).await?, "sv");
    // Long Swedish words fit the phone's width.
    let wide = page
        .number("return document.documentElement.scrollWidth - window.innerWidth;")
        .await?;
    assert!(wide <= 0.0, "the Swedish join page is {wide} px too wide");
    let violations = page.axe_violations().await?;
    assert!(
        violations.is_empty(),
        "axe on the Swedish join page: {violations:?}"
    );
    // The choice is remembered: the next page opens in Swedish.
    page.goto(&keep.url).await?;
    page.find(&title("Gå med i kartan")).await?;
    Ok(())
}

/// How many of the header's visible buttons run out of it, past the
/// window's edge, into one another, or out of their own box.
const HEADER_OVERFLOWS: &str = r#"
    const bar = document.querySelector('.topbar').getBoundingClientRect();
    const shown = [...document.querySelectorAll('.topbar button')]
        .filter((b) => b.getClientRects().length > 0);
    let bad = 0;
    for (const b of shown) {
        const r = b.getBoundingClientRect();
        if (r.left < bar.left - 1 || r.right > bar.right + 1 || r.right > window.innerWidth + 1) bad++;
        if (b.scrollWidth > b.clientWidth + 1) bad++;
        for (const o of shown) {
            const q = o.getBoundingClientRect();
            if (o !== b && r.left < q.right - 1 && q.left < r.right - 1 && r.top < q.bottom - 1 && q.top < r.bottom - 1) bad++;
        }
    }
    return bad;
"#;

/// Long Swedish words with Larger text, on a laptop and on a phone: every
/// button of the header stays whole and inside it, the page is no wider
/// than the window, and axe finds nothing.
#[tokio::test]
async fn the_swedish_board_fits_with_larger_text() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server
        .create_map_in(
            "Höftprotes – vägen till en ny höft",
            "patient-journey",
            "sv",
        )
        .await?;
    let url = format!("{}{}", server.http(), map.edit_url);
    let mut driver = Driver::start().await?;
    for (name, phone) in [("laptop", false), ("phone", true)] {
        let page = if phone {
            driver.phone_speaking(390, 844, "sv-SE,sv").await?
        } else {
            driver.sized_speaking(1366, 768, "sv-SE,sv").await?
        };
        join_in_swedish(&page, &url, "Åsa").await?;
        page.click_button("Mer").await?;
        page.click_button("Större text").await?;
        page.find("//button[normalize-space(.)='Större text' and @aria-pressed='true']")
            .await?;
        page.click_button("Mer").await?;
        page.screenshot(&format!("swedish-larger-text-{name}"))
            .await?;
        let bad = page.number(HEADER_OVERFLOWS).await?;
        assert_eq!(bad, 0.0, "{name}: header buttons out of place");
        let wide = page
            .number("return document.documentElement.scrollWidth - window.innerWidth;")
            .await?;
        assert!(wide <= 0.0, "{name}: the page is {wide} px too wide");
        let violations = page.axe_violations().await?;
        assert!(violations.is_empty(), "{name}, axe: {violations:?}");
        page.close().await?;
    }
    Ok(())
}

/// A Swedish facilitator's workshop form is checked by the page in
/// Swedish before anything is sent: two names for three rooms, then a name
/// used twice; then, on its dashboard, a refusal of the server's and a
/// day chosen in Swedish.
#[tokio::test]
async fn a_swedish_facilitators_form_is_checked_in_swedish() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let mut driver = Driver::start().await?;
    let page = driver.sized_speaking(1366, 768, "sv-SE,sv").await?;
    page.goto(&server.http()).await?;
    page.fill("Workshopens namn", "Knäkurs").await?;
    page.fill("Antal grupprum (1 till 50)", "3").await?;
    page.fill("Rummens namn (frivilligt)", "Röd\nBlå").await?;
    page.click_button("Skapa workshopen").await?;
    page.find("//p[@role='alert'][normalize-space(.)='Ge ett namn per rum: 2 namn för 3 rum.']")
        .await?;
    page.fill("Rummens namn (frivilligt)", "Röd\nBlå\nRöd")
        .await?;
    page.click_button("Skapa workshopen").await?;
    page.find("//p[@role='alert'][normalize-space(.)='Samma rumsnamn används två gånger: \u{201d}Röd\u{201d}.']")
        .await?;

    // On the dashboard: a refusal of the server's, worded by the page from
    // its reason (an empty notice), and a day chosen in Swedish words.
    page.fill("Rummens namn (frivilligt)", "Röd\nBlå\nGrön")
        .await?;
    page.click_button("Skapa workshopen").await?;
    page.find("//h1[normalize-space(.)='Knäkurs']").await?;
    page.click_button("Skicka").await?;
    page.find("//section[contains(@class,'send-notice')]//p[@role='status'][normalize-space(.)='Skriv meddelandet.']")
        .await?;
    page.fill("Vad som ska göras", "Ring tillbaka inom en dag")
        .await?;
    page.fill("Vem (en roll)", "Receptionen").await?;
    let by = comap_tests::browser::next_year_day("03-31");
    page.find("//fieldset[@id='action-by'][legend[normalize-space(.)='Senast']]//select[@id='action-by-month']/option[@value='3'][normalize-space(.)='mars']")
        .await?;
    // Only the day and the month: the page says what is missing.
    page.choose("Dag", "31").await?;
    page.choose("Månad", "mars").await?;
    page.click_button("Lägg till åtgärden").await?;
    page.find("//section[contains(@class,'actions')]//p[@role='status'][starts-with(normalize-space(.),'Välj dag, månad och år')]")
        .await?;
    page.choose("År", &by[..4]).await?;
    page.click_button("Lägg till åtgärden").await?;
    page.find(&format!(
        "//table[contains(@class,'action-list')]//td/time[@datetime='{by}'][normalize-space(.)='31 mars {}']",
        &by[..4]
    ))
    .await?;
    page.screenshot("swedish-dashboard-actions").await?;
    Ok(())
}
