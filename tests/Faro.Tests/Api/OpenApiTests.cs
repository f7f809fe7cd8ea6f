using System.Net;
using Faro.Tests.Infrastructure;

namespace Faro.Tests.Api;

public class OpenApiTests
{
    [Fact]
    public async Task TheOpenApiDocument_DescribesTheWorkflowEndpoints()
    {
        using var app = new FaroApp();
        var response = await app.Anonymous().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadAsStringAsync();
        foreach (var path in new[] { "/api/v1/assessments/{id}/transitions", "/api/v1/assessments/{id}/answers/{code}", "/api/v1/assessments/{id}/audit",
            "/api/v1/assessments/{id}/review-points/{pointId}/reply", "/api/v1/tokens" })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        }

        Assert.Contains("assessment.gate_blocked", document, StringComparison.Ordinal);
        Assert.Contains("\"Workflow\"", document, StringComparison.Ordinal);
    }
}
