using System.Text.Json;
using Faro.Assessments;
using Faro.People;
using Faro.Places;
using Faro.Workflow;

namespace Faro.Tests.Content;

/// Issue 9 item 5: one text form per enum value, the same in JSON, forms, the CLI and text keys.
public sealed class EnumCodesTests
{
    [Fact]
    public void Codes_AreTheMemberNamesInKebabCase_AsTheContractSpellsThem()
    {
        Assert.Equal("data-collection", Stage.DataCollection.ToCode());
        Assert.Equal("government-review", Stage.GovernmentReview.ToCode());
        Assert.Equal("follow-up", Stage.FollowUp.ToCode());
        Assert.Equal("not-applicable", AnswerStatus.NotApplicable.ToCode());
        Assert.Equal("national-competence", AnswerStatus.NationalCompetence.ToCode());
        Assert.Equal("focal-point", Role.FocalPoint.ToCode());
        Assert.Equal("national-reviewer", Role.NationalReviewer.ToCode());
        Assert.Equal("international-organisation", InstitutionKind.InternationalOrganisation.ToCode());
        Assert.Equal("in-progress", Faro.FollowUp.ActionStatus.InProgress.ToCode());
    }

    [Fact]
    public void EveryEnumOfTheCore_RoundTripsThroughItsCode_InJsonToo_AndNumbersOrNamesAreRefused()
    {
        var options = new JsonSerializerOptions { Converters = { EnumCodes.Json() } };
        var enums = typeof(EnumCodes).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic).ToList();
        Assert.True(enums.Count > 20);
        var toCode = typeof(EnumCodes).GetMethod(nameof(EnumCodes.ToCode))!;
        var tryParse = typeof(EnumCodes).GetMethod(nameof(EnumCodes.TryParse))!;
        foreach (var type in enums)
        {
            var codes = new HashSet<string>();
            foreach (var value in Enum.GetValues(type))
            {
                var code = (string)toCode.MakeGenericMethod(type).Invoke(null, [value])!;
                Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", code);
                Assert.True(codes.Add(code), $"{type.Name}: {code} twice");
                object?[] args = [" " + code.ToUpperInvariant() + " ", null];
                Assert.True((bool)tryParse.MakeGenericMethod(type).Invoke(null, args)!);
                Assert.Equal(value, args[1]);
                Assert.Equal($"\"{code}\"", JsonSerializer.Serialize(value, type, options));
                Assert.Equal(value, JsonSerializer.Deserialize($"\"{code}\"", type, options));
            }
        }

        Assert.False(EnumCodes.TryParse<Stage>("2", out _));
        Assert.False(EnumCodes.TryParse<Stage>("DataCollection", out _));
        Assert.False(EnumCodes.TryParse<Stage>(null, out _));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Stage>("2", options));
    }
}
