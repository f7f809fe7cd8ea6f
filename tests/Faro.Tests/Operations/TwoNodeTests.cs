using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Faro.Data;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Operations;

/// Two web nodes on loopback ports against one PostgreSQL database and one shared data directory,
/// as behind a load balancer: started together (migrations serialised by the advisory lock), a
/// sign-in on one works on the other, a file uploaded on one downloads from the other, and edits
/// through both lose nothing.
public sealed partial class TwoNodeTests
{
    [Fact]
    public async Task TwoNodes_ShareSignIn_Files_AndEditsWithoutLostUpdates()
    {
        var database = TestDatabase.Create(DatabaseProviders.Postgres);
        using var a = new FaroApp(database);
        using var b = new FaroApp(database);
        // Started at the same moment on an empty database: both migrate, one after the other.
        var addresses = await Task.WhenAll(Task.Run(a.StartKestrel), Task.Run(b.StartKestrel));
        var world = await TestData.UiWorldAsync(a);

        var cookies = new CookieContainer();
        HttpClient Client(Uri address) => new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = address };
        using var onA = Client(addresses[0]);
        using var onB = Client(addresses[1]);

        // Signed in on A, working on B: the cookie's keys are in the shared database.
        var signIn = await onA.PostForm("/account/sign-in", new() { ["email"] = UiWorld.FocalPoint, ["password"] = UiWorld.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var url = $"/assessments/{world.CollectingId}/indicators/D2-01";
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync(url)).StatusCode);

        // Uploaded on A, downloaded from B.
        var content = "Acta de la mesa técnica, nodo A."u8.ToArray();
        var page = await onA.GetStringAsync(url);
        using (var form = new MultipartFormDataContent
        {
            { new StringContent(Token(page)), "__RequestVerificationToken" },
            { new StringContent("Acta"), "EvidenceTitleEs" },
            { new StringContent("Report"), "EvidenceType" },
            { new StringContent("0"), "Revision" },
        })
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(file, "EvidenceFile", "acta.txt");
            var uploaded = await onA.PostAsync(url + "?handler=AddEvidence", form);
            Assert.True(uploaded.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, uploaded.StatusCode.ToString());
        }

        var link = FileLink().Match(await onB.GetStringAsync(url));
        Assert.True(link.Success, "the file's link is on node B's page");
        var download = await onB.GetAsync(link.Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());

        // Two editors read revision r; A saves first, B's save on r is refused, B then saves on r+1.
        var revision = int.Parse(Revision().Match(await onA.GetStringAsync(url)).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var formB = await onB.GetStringAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await Save(onA, url, await onA.GetStringAsync(url), "Desde el nodo A", revision)).StatusCode);
        await Save(onB, url, formB, "Desde el nodo B, con la revisión vieja", revision);
        Assert.Equal(HttpStatusCode.Redirect, (await Save(onB, url, await onB.GetStringAsync(url), "Desde el nodo B", revision + 1)).StatusCode);

        await a.WithDb(async db =>
        {
            var answer = await db.Answers.SingleAsync(x => x.AssessmentId == world.CollectingId && x.Indicator!.Code == "D2-01");
            Assert.Equal((revision + 2, "Desde el nodo B"), (answer.Revision, answer.Narrative.Es));
            var narratives = await db.AnswerRevisions.Where(r => r.AnswerId == answer.Id && r.Revision > revision).OrderBy(r => r.Revision).Select(r => r.Narrative.Es).ToListAsync();
            Assert.Equal(["Desde el nodo A", "Desde el nodo B"], narratives);
        });
    }

    private static Task<HttpResponseMessage> Save(HttpClient client, string url, string page, string narrative, int revision) =>
        client.PostAsync(url + "?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(page),
            ["Status"] = "Partial",
            ["NarrativeEs"] = narrative,
            ["Revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));

    private static string Token(string page) => WebUtility.HtmlDecode(AntiforgeryField().Match(page).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("href=\"(/assessments/\\d+/evidence/\\d+/file)\"")]
    private static partial Regex FileLink();

    [GeneratedRegex("name=\"Revision\" value=\"(\\d+)\"")]
    private static partial Regex Revision();
}
