package de.pilotregistry.app.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.method.PreAuthorizeAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.util.SimpleMethodInvocation;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The roles of an endpoint, checked in Spring Security's filter chain before anything reads the request: the
 * {@code @PreAuthorize} of the controller method the request will reach, evaluated here with the caller's
 * authentication. Method security checks it again when the method runs; this only brings the refusal forward, so a
 * caller who may not is answered 401/403 before the body is read, counted or kept under an Idempotency-Key.
 */
final class HandlerAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

    private final ApplicationContext context;
    private final AuthenticatedAuthorizationManager<RequestAuthorizationContext> authenticated =
            AuthenticatedAuthorizationManager.authenticated();
    private final PreAuthorizeAuthorizationManager preAuthorize = new PreAuthorizeAuthorizationManager();
    private volatile RequestMappingHandlerMapping handlers;

    HandlerAuthorization(ApplicationContext context) {
        this.context = context;
        this.preAuthorize.setApplicationContext(context);
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                         RequestAuthorizationContext request) {
        AuthorizationResult signedIn = authenticated.authorize(authentication, request);
        if (signedIn == null || !signedIn.isGranted()) {
            return signedIn;
        }
        HandlerMethod handler = handlerOf(request.getRequest());
        if (handler == null) {
            return signedIn; // no endpoint (404), or a method or media type it does not take (405, 415)
        }
        AuthorizationResult roles = preAuthorize.authorize(authentication,
                new SimpleMethodInvocation(handler.getBean(), handler.getMethod(),
                        new Object[handler.getMethod().getParameterCount()]));
        return roles == null ? new AuthorizationDecision(true) : roles;
    }

    /** The controller method Spring MVC will choose, looked up without leaving a trace on the request. */
    private HandlerMethod handlerOf(HttpServletRequest request) {
        if (handlers == null) {
            handlers = context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        }
        Set<String> before = new HashSet<>(Collections.list(request.getAttributeNames()));
        boolean parsed = ServletRequestPathUtils.hasParsedRequestPath(request);
        try {
            if (!parsed) {
                ServletRequestPathUtils.parseAndCache(request);
            }
            HandlerExecutionChain chain = handlers.getHandler(request);
            return chain != null && chain.getHandler() instanceof HandlerMethod method ? method : null;
        } catch (Exception noMatch) {
            return null;
        } finally {
            for (String name : Collections.list(request.getAttributeNames())) {
                if (!before.contains(name)) {
                    request.removeAttribute(name);
                }
            }
        }
    }
}
