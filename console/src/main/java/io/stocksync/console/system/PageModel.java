package io.stocksync.console.system;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every page's frame shows: who is logged in and whether they may act (the forms are
 * hidden otherwise).
 */
@ControllerAdvice
class PageModel {

	@ModelAttribute("username")
	String username(Authentication authentication) {
		return (authentication != null) ? authentication.getName() : null;
	}

	@ModelAttribute("canAct")
	boolean canAct(Authentication authentication) {
		return authentication != null && authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> ("ROLE_" + ConsoleUsers.OPERATOR).equals(authority.getAuthority()));
	}

}
