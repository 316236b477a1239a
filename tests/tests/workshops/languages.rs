//! A workshop made in another language than English.

use super::*;

/// A workshop made in Swedish: its rooms, plenary, maps, reflection
/// questions and "Export all" archive are in Swedish, a separator asked for
/// reaches every CSV in it, and the reflection's CSV follows the workshop.
#[tokio::test]
async fn a_swedish_workshop_is_swedish_throughout() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let w = made(
        &server,
        serde_json::json!({"title": "Knäkurs", "rooms": 2, "language": "sv"}),
    )
    .await?;
    let names: Vec<&str> = w.rooms.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Rum 1", "Rum 2", "Gemensam karta"]);
    let facilitator = CreatedMap::secret(&w.facilitator_url);
    let seen: Workshop = get(&server, &w.id, &facilitator).await?.json().await?;
    let questions = seen
        .reflection
        .ok_or_else(|| anyhow::anyhow!("no reflection"))?
        .questions;
    assert_eq!(questions[0], "Vad lärde du dig om att arbeta tillsammans?");
    let mut p = Peer::edit(&server, &as_map(&w.rooms[0]), "Åsa", Role::Carer).await?;
    let view = p
        .wait_for(Duration::from_secs(5), |m| !m.stages.is_empty())
        .await?;
    assert_eq!(view.language, comap_shared::i18n::Language::Sv);
    assert_eq!(view.stages[0].name, "Märker att något är fel");

    let fetch = |path: String| {
        let facilitator = facilitator.clone();
        async move {
            let r = reqwest::Client::new()
                .get(path)
                .bearer_auth(&facilitator)
                .send()
                .await?;
            anyhow::ensure!(r.status() == 200, "{}", r.status());
            Ok::<_, anyhow::Error>(r.bytes().await?)
        }
    };
    let zip = fetch(format!(
        "{}/api/workshops/{}/export?separator=%3B",
        server.http(),
        w.id
    ))
    .await?;
    let files = unzip(&zip)?;
    let file = |ends: &str| {
        files
            .iter()
            .find(|(n, _)| n.ends_with(ends))
            .map(|(_, d)| String::from_utf8_lossy(d).to_string())
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "no {ends} in {:?}",
                    files.iter().map(|f| &f.0).collect::<Vec<_>>()
                )
            })
    };
    assert_eq!(file("/Åtgärder.csv")?, "\u{feff}Vad;Vem (roll);Senast\r\n");
    assert!(file("/Reflektioner.csv")?.starts_with("\u{feff}Svarande;Fråga;Svar;Rum;"));
    assert!(file("Rum 1.csv")?.starts_with("\u{feff}Skede;Rad;Typ;Text;"));
    let csv = fetch(format!(
        "{}/api/workshops/{}/reflection.csv",
        server.http(),
        w.id
    ))
    .await?;
    assert!(String::from_utf8_lossy(&csv).starts_with("\u{feff}Svarande,Fråga,Svar,"));
    Ok(())
}
