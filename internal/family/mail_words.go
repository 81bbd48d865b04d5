package family

import "github.com/attune-vig/attune/internal/domain"

// mailWords are the e-mails a parent gets, in the languages attune ships
// (a language a service adds gets them in English): {1}, {2}… are filled in.
var mailWords = map[string]map[string]string{
	"en": {
		"code.subject": "Your sign-in code for your family's page",
		"code.body": "Hello {1},\n\nYour sign-in code is {2}.\nIt works once, for 30 minutes, at {3}/family/signin.\n\n" +
			"If you didn't ask for it, you can ignore this e-mail.\n",
		"invite.subject": "Your family's page",
		"invite.body": "Hello {1},\n\nYour guider has invited you to your family's page.\n\n" +
			"Open this link on your phone or computer to sign in:\n{2}\n\nOr go to {3}/family/signin and type this code with your e-mail address: {4}\n\n" +
			"The link and the code work once, for 7 days. If they stop working, ask for a new code on that page, or ask your guider.\n",
	},
	"pl": {
		"code.subject": "Twój kod logowania na stronę rodziny",
		"code.body": "Dzień dobry, {1},\n\nTwój kod logowania to {2}.\nDziała raz, przez 30 minut, na stronie {3}/family/signin.\n\n" +
			"Jeśli nie prosisz o kod, zignoruj tę wiadomość.\n",
		"invite.subject": "Strona Twojej rodziny",
		"invite.body": "Dzień dobry, {1},\n\nTwój przewodnik zaprasza Cię na stronę Twojej rodziny.\n\n" +
			"Otwórz ten link w telefonie lub komputerze, aby się zalogować:\n{2}\n\nAlbo wejdź na {3}/family/signin i wpisz ten kod razem ze swoim adresem e-mail: {4}\n\n" +
			"Link i kod działają raz, przez 7 dni. Jeśli przestaną działać, poproś o nowy kod na tamtej stronie albo u przewodnika.\n",
	},
}

// mailSays writes an e-mail's message in the parent's language.
func mailSays(lang, key string, args ...any) string {
	msg, ok := mailWords[lang][key]
	if !ok {
		msg = mailWords["en"][key]
	}
	return domain.Fill(msg, args...)
}
