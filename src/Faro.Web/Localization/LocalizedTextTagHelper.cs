using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Faro.Web.Localization;

/// `<faro-text value="@indicator.Text" />`: a content field in the reader's language. When the text
/// exists only in the other language it is shown anyway, marked with its `lang` (screen readers
/// switch voice) and a plain note ("only in English"); when it exists in neither, a muted "no text".
[HtmlTargetElement("faro-text", TagStructure = TagStructure.WithoutEndTag)]
public sealed class LocalizedTextTagHelper(UiLanguage ui) : TagHelper
{
    public LocalizedText? Value { get; set; }

    /// The element to render: `span` (default), `p` or `div`.
    public string As { get; set; } = "span";

    /// Keep the line breaks people typed (narratives, minutes).
    public bool Prose { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = As;
        output.TagMode = TagMode.StartTagAndEndTag;
        var resolved = Value?.Resolve(ui.Current);
        if (resolved is null)
        {
            output.Attributes.SetAttribute("class", "missing-text");
            output.Content.SetContent(ui["text.none"]);
            return;
        }

        var (text, lang, isFallback) = resolved.Value;
        if (Prose)
        {
            output.Attributes.SetAttribute("class", "prose");
        }

        if (isFallback)
        {
            output.Attributes.SetAttribute("lang", lang);
            output.Content.Append(text);
            output.PostElement.AppendHtml("<span class=\"fallback\">");
            output.PostElement.Append(ui["text.only_" + lang]);
            output.PostElement.AppendHtml("</span>");
        }
        else
        {
            output.Content.Append(text);
        }
    }
}
