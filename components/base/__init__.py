"""What every layer speaks: the page's words in Finnish, Swedish and English (i18n, locales/),
and the partnerships' colours with the contrast arithmetic that checks them (colours)."""
