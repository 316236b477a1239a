# Comaps ord på svenska som bara handledarens sida använder: startsidan
# (att skapa kartor och workshoppar) och workshopens översikt.

tagline = Kartlägg ett vårdförlopp tillsammans: patienter, närstående och vårdpersonal, i realtid.
create-map = Skapa en karta
template = Mall
creating = Skapar…
map-ready = Din karta är klar
participant-link = Länk för deltagare
participant-link-help = Dela den med alla som ska lägga till kort: patienter, närstående och vårdpersonal.
view-link = Länk för att bara titta
view-link-help = För dem som ska se kartan men inte ändra den.
facilitator-link = Din länk som handledare
facilitator-link-help = Håll den för dig själv: med den kan man också ta bort kartan. Spara den på ett säkert ställe.
copy = Kopiera
copied = Kopierad
copy-failed = Det gick inte att kopiera: markera länken och kopiera den själv.
open-map = Öppna kartan
create-workshop = Håll en workshop med grupprum
create-workshop-lead = En karta per rum, plus en gemensam karta för alla. Du får en egen översikt med varje rums kod och länkar.
workshop-title = Workshopens namn
room-count = Antal grupprum (1 till 50)
room-names = Rummens namn (frivilligt)
room-names-help = Ett namn per rad, lika många som rummen. Lämna tomt för Rum 1, Rum 2 och så vidare.
with-plenary = Gör också en gemensam karta för alla
keep-days = Spara kartorna så här många dagar
rooms-number = Ange antalet rum som ett heltal från 1 till 50.
days-number = Ange antalet dagar som ett heltal.
create-workshop-button = Skapa workshopen
copy-label = Kopiera { $what }
workshop-link = Din länk till översikten
workshop-link-help = Håll länken för dig själv: den öppnar översikten och alla rum som handledare. Spara den som bokmärke för att komma tillbaka.
rooms = Rum
join-code-is = Kod:
room-edit-help = Skicka den till dem i rummet: de kan lägga till och ändra kort.
room-view-help = Låter andra titta på rummets karta utan att ändra den.
delete-workshop = Ta bort workshopen
delete-workshop-title = Ta bort hela workshopen?
delete-everything = Ta bort allt
keep-workshop = Behåll workshopen
workshop-deleted = Workshopen och alla dess kartor har tagits bort. De som var i rummen har fått veta det.
send-notice = Skicka ett meddelande
notice-text = Meddelande
notice-help = Till exempel: 10 minuter kvar. Alla i rummen ser det direkt.
notice-to = Skicka till
all-rooms = Alla rum
send = Skicka
timer = Timer
no-timer = Ingen timer är ställd.
timer-minutes-label = Minuter
timer-minutes = Ange minuterna som ett heltal från 1 till 240.
start-timer = Starta timern
pause-timer = Pausa timern
resume-timer = Fortsätt timern
add-five-minutes = Lägg till 5 minuter
stop-timer = Stoppa timern
lock-all = Lås alla rum
unlock-all = Lås upp alla rum
room-is-locked = Låst: deltagarna kan titta men inte ändra kartan.
room-is-open = Öppet för ändringar.
lock = Lås
unlock = Lås upp
room-locked = Låst
room-full = Fullt
room-quiet = Tyst
open = Öppna
links-and-qr = Länkar och QR
workshop-controls = Styrning av workshopen
show-qr = Visa QR-kod
hide-qr = Dölj QR-kod
bring-to-plenary = Samla i den gemensamma kartan
bring-help = Kopierar rummens kort till den gemensamma kartan: skeden och rader med samma namn slås ihop, och varje kort visar vilket rum det kom från. Samlar du ett rum igen läggs bara dess nya kort till.
rooms-to-bring = Rum att samla
choose-rooms = Välj minst ett rum.
export-all = Exportera allt
export-all-help = En ZIP-fil med varje rums karta som bild (PNG), som dokument att skriva ut (PDF) och som kalkylblad (CSV), med workshopens åtgärder och reflektionens svar (CSV).
export-all-button = Ladda ner alla rum (ZIP)
preparing-zip = Förbereder ZIP-filen med alla rum… En stor workshop kan ta en minut; du kan fortsätta använda översikten.
actions-help = Gör den gemensamma kartans mest röstade idéer till åtgärder: vad som ska ändras, vem som gör det (en roll, inte ett namn) och när. Åtgärderna sparas med workshopen och kommer med i Exportera allt.
top-ideas = Mest röstade i den gemensamma kartan
make-action = Gör en åtgärd
action-what = Vad som ska göras
action-who = Vem (en roll)
action-who-help = Till exempel ”distriktssköterska” eller ”receptionen”, inte en persons namn.
action-by = Senast
date-day = Dag
date-month = Månad
date-year = År
add-action = Lägg till åtgärden
action-added = Åtgärden är tillagd.
action-deleted = Åtgärden är borttagen.
no-actions = Inga åtgärder än.
action-list = Workshopens åtgärder
reflection-help = Några frågor till alla i alla rum i slutet av passet. Var och en svarar på sin egen skärm; svaren visas här tillsammans.
reflection-questions = Frågor
reflection-default-1 = Vad lärde du dig om att arbeta tillsammans?
reflection-default-2 = Vad överraskade dig?
reflection-default-3 = Vems röst hördes mest, och vems minst?
add-question = Lägg till en fråga
answers-anonymous = Svaren är anonyma (inga namn eller roller sparas)
open-reflection = Öppna reflektionen för alla
close-reflection = Stäng reflektionen
reflection-opened-for-all = Reflektionen är öppen: alla i alla rum kan svara nu.
reflection-closed = Reflektionen är stängd. Svaren finns kvar.
reflection-is-anonymous = Svaren är anonyma.
reflection-is-named = Svaren sparar varje persons namn, roll och rum.
reflection-answers = Svar
no-reflection-answers = Inga svar än.
download-reflection = Ladda ner svaren (CSV)
reflection-file = Reflektioner.csv
reflection-downloaded = Svaren har laddats ner.
join-hint = Deltagarna kan också gå till { $url } och skriva in rummets kod.
copy-code-label = Kopiera koden till { $room }
cards-summary = { $cards ->
    [0] Inga kort än
    [one] 1 kort, { $recent } de senaste 5 minuterna
   *[other] { $cards } kort, { $recent } de senaste 5 minuterna
}
no-activity = Ingen aktivitet än
last-activity-now = Senaste aktivitet för mindre än en minut sedan
last-activity-minutes = { $m ->
    [one] Senaste aktivitet för 1 minut sedan
   *[other] Senaste aktivitet för { $m } minuter sedan
}
last-activity-hours = { $h ->
    [one] Senaste aktivitet för 1 timme sedan
   *[other] Senaste aktivitet för { $h } timmar sedan
}
thumbnail-alt = { $cards ->
    [0] Karta över { $room }: inga kort än
    [one] Karta över { $room }: 1 kort
   *[other] Karta över { $room }: { $cards } kort
}
open-room = Öppna { $room } som handledare
workshop-delete-question = { $n ->
    [one] Det här tar bort kartan för 1 rum ({ $rooms }) med alla kort, och workshopens åtgärder och reflektionssvar, direkt och för gott. De som är i rummet kopplas bort. Exporter som redan laddats ner påverkas inte.
   *[other] Det här tar bort kartorna för { $n } rum ({ $rooms }) med alla kort, och workshopens åtgärder och reflektionssvar, direkt och för gott. De som är i rummen kopplas bort. Exporter som redan laddats ner påverkas inte.
}
notice-sent = { $n ->
    [one] Skickat till 1 rum.
   *[other] Skickat till { $n } rum.
}
room-links = Länkar och QR-kod för { $room }
lock-room = Lås { $room }
unlock-room = Lås upp { $room }
qr-help = Man kan rikta en mobilkamera mot koden för att gå med i { $room }.
qr-label = QR-kod för att gå med i { $room }
brought = Samlade { $cards ->
        [one] 1 kort
       *[other] { $cards } kort
    } från { $rooms ->
        [one] 1 rum
       *[other] { $rooms } rum
    } i den gemensamma kartan.
zip-saved = Sparade { $name }.
idea-line = { $text }: { $votes ->
        [one] 1 röst
       *[other] { $votes } röster
    }, från { $room }
idea-line-here = { $text }: { $votes ->
        [one] 1 röst
       *[other] { $votes } röster
    }
make-action-of = Gör en åtgärd av: { $idea }
delete-action = Ta bort åtgärden: { $what }
question-label = Fråga { $n }
remove-reflection-question = Ta bort fråga { $n }
reflection-open-state = Öppen: { $n ->
        [0] ingen har svarat än
        [one] 1 person har svarat
       *[other] { $n } personer har svarat
    }.
reflection-closed-state = Stängd: { $n ->
        [0] ingen har svarat än
        [one] 1 person har svarat
       *[other] { $n } personer har svarat
    }.

## Mallarna, som startsidan erbjuder dem

template-patient-journey = Patientresa
template-service-blueprint = Tjänsteritning
template-emotional-mapping = Känslokarta
template-blank = Tom karta

unexpected-answer = Servern gav ett oväntat svar.

## Vilka som är i ett rum

nobody-here = Ingen här
people-patients = { $n ->
    [one] 1 patient
   *[other] { $n } patienter
}
people-carers = { $n ->
    [one] 1 närstående
   *[other] { $n } närstående
}
people-professionals = { $n ->
    [one] 1 ur vårdpersonalen
   *[other] { $n } ur vårdpersonalen
}
people-others = { $n ->
    [one] 1 annan
   *[other] { $n } andra
}

## Ett formulär som inte kan skickas som det är

workshop-no-title = Ge workshopen en titel.
workshop-long-title = Titeln är { $len } tecken lång; håll den till högst { $max }.
workshop-rooms = En workshop har mellan { $min } och { $max } grupprum, inte { $n }.
workshop-name-count = Ge ett namn per rum: { $given ->
    [one] 1 namn
   *[other] { $given } namn
} för { $rooms ->
    [one] 1 rum
   *[other] { $rooms } rum
}.
workshop-empty-name = Rum { $n } behöver ett namn.
workshop-long-name = Namnet på rum { $n } är för långt; håll det till högst { $max } tecken.
workshop-same-name = Samma rumsnamn används två gånger: ”{ $name }”.
workshop-expiry = Kartor kan sparas mellan 1 och { $max } dagar, inte { $asked }.
action-no-what = Skriv vad som ska göras.
action-long-what = Håll det som ska göras till högst { $max } tecken.
action-no-who = Skriv vem som ska göra det: en roll, till exempel ”distriktssköterska”, inte ett namn.
action-long-who = Håll vem som ska göra det till högst { $max } tecken.
action-bad-date = Välj dag, månad och år då det ska vara gjort (en dag som finns: inte 31 april).
reflection-no-questions = En reflektion behöver minst en fråga.
reflection-too-many = En reflektion har högst { $max } frågor.
reflection-long-question = Fråga { $n } är för lång; håll den till högst { $max } tecken.
refusal-no-reflection = Ingen reflektion har öppnats i den här workshoppen än.
refusal-actions-full = Workshoppen har redan { $max } åtgärder, så många den kan spara.
refusal-notice-empty = Skriv meddelandet.
refusal-notice-too-long = Håll meddelandet till högst { $max } tecken.
refusal-no-plenary = Workshoppen har ingen gemensam karta att samla rummen på.
refusal-not-a-breakout-room = Välj grupprum i den här workshoppen, inte den gemensamma kartan.
refusal-no-room-chosen = Välj minst ett rum.
refusal-workshop-too-large = Workshoppen är för stor för att exporteras på en gång. Exportera rummen ett i taget.
