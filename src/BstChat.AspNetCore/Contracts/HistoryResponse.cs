namespace BstChat.AspNetCore.Contracts;

/// <summary>A page of history, ascending by seq.</summary>
internal sealed record HistoryResponse(List<MessageResponse> Messages, bool HasMore)
{
    public static HistoryResponse From(HistoryPage page, ChatLinks links) => new(MessageResponse.From(page.Messages, links), page.HasMore);
}
