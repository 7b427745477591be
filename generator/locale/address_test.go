package locale

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"rapport"
)

// TestAddressForms reads the built-in Hebrew and Arabic strings for ways
// of addressing the reader that the style forbids. Hebrew addresses
// readers in the plural (בחרו, לחצו, עניתם), never in the singular,
// masculine or feminine. Arabic avoids imperatives, whose written form is
// masculine or feminine (اختر / اختاري): it uses a verbal noun (اختيار
// اللغة), "يُرجى" with one (يُرجى إدخال رقم) or an impersonal form. The lists
// are the forms such strings take; a new one joins its list.
func TestAddressForms(t *testing.T) {
	forbidden := map[string]*regexp.Regexp{
		// singular imperatives, second person singular verbs and pronouns
		"he": regexp.MustCompile(`(^|[\s"(])(לחץ|לחצי|בחר|בחרי|הקלד|הקלידי|הזן|הזיני|נסה|נסי|עיין|עייני|השתמש|השתמשי|סמן|סמני|העתק|העתיקי|גלול|גללי|ייצא|ייצאי|ענה|עני|שלך|אתה|את/ה|תוכל|תוכלי|ענית|סיימת|חיפשת|תסגור|תסגרי|טוען|טוענת)([\s.,:;!?")]|$)`),
		// masculine singular imperatives and second person verbs that
		// differ in writing from the feminine
		"ar": regexp.MustCompile(`(^|[\s"(])(اختر|أدخل|اكتب|انسخ|افتح|ابحث|ابدأ|حاول|اعرض|تحقّق|تحقق|انتقل|حدّد|حدد|استخدم|انتبه|أضف|صدّره|صدّر|جرّبها|جرب|تريد|تجد|تبحث|تخسر|لتحتفظ|لتنقله)([\s.,:;!?")،]|$)`),
	}
	for lang, re := range forbidden {
		data, err := fs.ReadFile(rapport.Locales(), lang+".toml")
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "#") {
				continue
			}
			if m := re.FindStringSubmatch(line); m != nil {
				t.Errorf("locales/%s.toml:%d: %q addresses one reader: %s", lang, i+1, m[2], line)
			}
		}
	}
}
